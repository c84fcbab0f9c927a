package dev.fleet.cli.bench;

import dev.fleet.core.exec.Exec;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.testkit.desktop.Desktop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark of the switch issue: on a real desktop (Xvfb + i3 + kitty) with 20 agents on two tmux
 * servers, each with two clients (kitty windows on different workspaces showing different sessions), {@code fleet switch} as a whole process
 * against the floor — the same focus steps done with {@code i3-msg} and {@code tmux} directly.
 */
class SwitchBench {
    @TempDir
    Path tmp;

    @Test
    void switchAgainstTheFloor() throws Exception {
        List<AutoCloseable> cleanup = new ArrayList<>();
        try {
            Desktop desk = Desktop.start();
            cleanup.add(desk);
            TmuxServer a = TmuxServer.named();
            TmuxServer b = TmuxServer.atPath();
            cleanup.add(a);
            cleanup.add(b);
            Path cfg = Files.createDirectories(tmp.resolve("claude"));
            List<StandInAgent> agents = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                TmuxServer s = i % 2 == 0 ? a : b;
                Path cwd = Files.createDirectories(tmp.resolve("proj" + i));
                StandInAgent ag = StandInAgent.builder(cfg).cwd(cwd).status(i % 3 == 0 ? "waiting" : "idle")
                        .marker("AGENT-" + i).inTmux(s, "s" + (i / 2 % 5));
                agents.add(ag);
                cleanup.add(ag);
            }
            // Two clients per server, as users have them (issue 8.2): KA and KB show the sessions of the two
            // agents switched to (s4 on a, s3 on b); KA2 and KB2, on workspace 3, show s1 and attach last,
            // so on each server the most recently used session is not the one the switch goes to.
            Desktop.Kitty ka = desk.startKitty("KA", List.of(), attach(a, "s4"));
            Desktop.Kitty kb = desk.startKitty("KB", List.of(), attach(b, "s3"));
            desk.command("[con_id=" + kb.conId() + "] move to workspace 2");
            Thread.sleep(300);
            Desktop.Kitty ka2 = desk.startKitty("KA2", List.of(), attach(a, "s1"));
            Desktop.Kitty kb2 = desk.startKitty("KB2", List.of(), attach(b, "s1"));
            desk.command("[con_id=" + ka2.conId() + "] move to workspace 3");
            desk.command("[con_id=" + kb2.conId() + "] move to workspace 3");
            Thread.sleep(500);
            for (TmuxServer s : List.of(a, b)) {
                long n = s.run("list-clients", "-F", "#{client_tty}").lines().count();
                if (n != 2) throw new AssertionError("expected two clients on " + s.socketPath() + ", found " + n);
            }

            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(desk.env());
            env.put("CLAUDE_CONFIG_DIR", cfg.toString());
            String fleet = LsBench.repo().resolve("fleet").toString();
            // two agents on different servers, workspaces and sessions: each run moves every layer
            String q1 = "proj18", q2 = "proj7";
            String ttyA = ttyOn(a, "s4");
            String ttyB = ttyOn(b, "s3");
            StandInAgent g1 = agents.get(18), g2 = agents.get(7);
            env.put("XDG_RUNTIME_DIR", Files.createDirectories(tmp.resolve("run")).toString());
            env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
            Map<String, String> direct = new HashMap<>(env);
            direct.put("FLEET_NO_DAEMON", "1");
            Map<String, String> jvmClient = new HashMap<>(env);
            jvmClient.put("FLEET_NO_LANE", "1");
            Timer.Stats floor1, floor2, none1, none2, lane1, lane2, jvm1, jvm2;
            System.out.println("== fleet switch on Xvfb + i3 + kitty + 2 tmux servers, 20 agents, whole processes");
            Map<String, List<String>> cmds = new LinkedHashMap<>();
            cmds.put("fleet switch, no daemon (" + q1 + ")", List.of(fleet, "switch", q1));
            cmds.put("fleet switch, no daemon (" + q2 + ")", List.of(fleet, "switch", q2));
            cmds.put("floor: i3-msg + tmux (" + q1 + ")", floor(desk, ka, a, ttyA, g1));
            cmds.put("floor: i3-msg + tmux (" + q2 + ")", floor(desk, kb, b, ttyB, g2));
            List<Timer.Stats> st = Timer.compare(15, direct, cmds);
            none1 = st.get(0); none2 = st.get(1); floor1 = st.get(2); floor2 = st.get(3);
            Exec.Result started = Exec.withTimeout(Duration.ofSeconds(60)).run(List.of(fleet, "daemon", "start"), env, null);
            if (!started.ok()) throw new AssertionError("daemon start: " + started.firstErrorLine());
            try {
                Thread.sleep(1000);
                Map<String, List<String>> viaDaemon = new LinkedHashMap<>();
                viaDaemon.put("fleet switch, daemon (" + q1 + ")", List.of(fleet, "switch", q1));
                viaDaemon.put("fleet switch, daemon (" + q2 + ")", List.of(fleet, "switch", q2));
                List<Timer.Stats> d = Timer.compare(15, env, viaDaemon);
                lane1 = d.get(0); lane2 = d.get(1);
                Map<String, List<String>> viaJvm = new LinkedHashMap<>();
                viaJvm.put("fleet switch, daemon, JVM client (" + q1 + ")", List.of(fleet, "switch", q1));
                viaJvm.put("fleet switch, daemon, JVM client (" + q2 + ")", List.of(fleet, "switch", q2));
                List<Timer.Stats> j = Timer.compare(15, jvmClient, viaJvm);
                jvm1 = j.get(0); jvm2 = j.get(1);
            } finally {
                Exec.withTimeout(Duration.ofSeconds(30)).run(List.of(fleet, "daemon", "stop"), env, null);
            }
            // the last switch (to q2 on b) left KA's client on q1's pane: asked of tmux, not of fleet
            String shownA = a.run("list-clients", "-F", "#{client_tty} #{pane_id}");
            if (!shownA.lines().anyMatch(l -> l.equals(ttyA + " " + g1.paneId()))) {
                throw new AssertionError("client " + ttyA + " does not show " + g1.paneId() + ": " + shownA);
            }
            for (Timer.Stats x : List.of(none1, none2, lane1, lane2, jvm1, jvm2, floor1, floor2)) System.out.println("   " + x);
            double floorP50 = (floor1.p50() + floor2.p50()) / 2;
            System.out.printf("   p50 ratios to the floor: no daemon %.1f, daemon %.1f, daemon via JVM client %.1f%n",
                    (none1.p50() + none2.p50()) / 2 / floorP50, (lane1.p50() + lane2.p50()) / 2 / floorP50,
                    (jvm1.p50() + jvm2.p50()) / 2 / floorP50);
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
        }
    }

    /** The floor: the same two focus steps, by hand, in one shell so both processes are counted. */
    private static List<String> floor(Desktop d, Desktop.Kitty k, TmuxServer s, String tty, StandInAgent ag) {
        String session = s.display(ag.paneId(), "#{session_name}").trim();
        String window = s.display(ag.paneId(), "#{window_id}").trim();
        String tmux = "tmux " + String.join(" ", s.socketArgs());
        return List.of("sh", "-c", "i3-msg -s " + d.socket() + " '[con_id=" + k.conId() + "] focus' >/dev/null && "
                + tmux + " switch-client -c " + tty + " -t =" + session + " \\; select-window -t =" + session + ":" + window
                + " \\; select-pane -t " + ag.paneId());
    }

    /** The tty of the client of {@code s} that shows {@code session}. */
    private static String ttyOn(TmuxServer s, String session) {
        for (String line : s.userClients("#{client_session} #{client_tty}")) {
            if (line.startsWith(session + " ")) return line.substring(session.length() + 1).trim();
        }
        throw new AssertionError("no client shows " + session + " on " + s.socketPath());
    }

    private static List<String> attach(TmuxServer s, String session) {
        List<String> l = new ArrayList<>(List.of("tmux"));
        l.addAll(s.socketArgs());
        l.addAll(List.of("attach", "-t", session));
        return l;
    }

}
