package dev.fleet.cli.bench;

import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.testkit.desktop.Desktop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark of the switch issue: on a real desktop (Xvfb + i3 + kitty) with 20 agents on two tmux
 * servers shown in two kitty windows on two workspaces, {@code fleet switch} as a whole process
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
            Desktop.Kitty ka = desk.startKitty("KA", List.of(), attach(a, "s0"));
            Desktop.Kitty kb = desk.startKitty("KB", List.of(), attach(b, "s0"));
            desk.command("[con_id=" + kb.conId() + "] move to workspace 2");
            Thread.sleep(500);

            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(desk.env());
            env.put("CLAUDE_CONFIG_DIR", cfg.toString());
            String fleet = LsBench.repo().resolve("fleet").toString();
            // two agents on different servers, workspaces and sessions: each run moves every layer
            String q1 = "proj18", q2 = "proj7";
            String ttyA = a.run("list-clients", "-F", "#{client_tty}").trim();
            String ttyB = b.run("list-clients", "-F", "#{client_tty}").trim();
            StandInAgent g1 = agents.get(18), g2 = agents.get(7);
            Map<String, List<String>> cmds = new LinkedHashMap<>();
            cmds.put("fleet switch " + q1, List.of(fleet, "switch", q1));
            cmds.put("fleet switch " + q2, List.of(fleet, "switch", q2));
            cmds.put("floor: i3-msg + tmux (" + q1 + ")", floor(desk, ka, a, ttyA, g1));
            cmds.put("floor: i3-msg + tmux (" + q2 + ")", floor(desk, kb, b, ttyB, g2));
            cmds.put("baseline: java -version", List.of("java", "-Xshare:auto", "-version"));
            System.out.println("== fleet switch on Xvfb + i3 + kitty + 2 tmux servers, 20 agents, whole processes");
            List<Timer.Stats> st = Timer.compare(15, env, cmds);
            st.forEach(x -> System.out.println("   " + x));
            double fleetP50 = (st.get(0).p50() + st.get(1).p50()) / 2, floorP50 = (st.get(2).p50() + st.get(3).p50()) / 2;
            System.out.printf("   ratio fleet/floor (p50): %.1f%n", fleetP50 / floorP50);
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

    private static List<String> attach(TmuxServer s, String session) {
        List<String> l = new ArrayList<>(List.of("tmux"));
        l.addAll(s.socketArgs());
        l.addAll(List.of("attach", "-t", session));
        return l;
    }

}
