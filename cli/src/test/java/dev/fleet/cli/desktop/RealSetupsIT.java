package dev.fleet.cli.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.cli.FleetProcess;
import dev.fleet.cli.desktop.RealSetupRig.AgentHandle;
import dev.fleet.cli.desktop.RealSetupRig.TermHandle;
import dev.fleet.cli.desktop.RealSetups.Expect;
import dev.fleet.cli.desktop.RealSetups.RealSetup;
import dev.fleet.cli.desktop.RealSetups.Wm;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.util.Ids;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.desktop.Desktop;
import dev.fleet.testkit.desktop.Sway;
import dev.fleet.testkit.desktop.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code fleet switch}, {@code fleet next} and {@code workspace open/refresh/close} over every setup
 * of {@link RealSetups}, each without and with the daemon, on one shared desktop (Xvfb + i3 + kitty;
 * sway + foot). Results are read only from tmux ({@code list-clients}, window sizes, options), kitty
 * ({@code kitty @ ls}) and the window manager's tree, never from fleet's own output. Every check of a
 * case runs; a failing case lists all its failures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealSetupsIT {
    private static final Exec EXEC = Exec.withTimeout(Duration.ofSeconds(10));

    private Path root;
    private Path configDir;
    private Path tmuxTmpdir;
    private Desktop desk;
    private Sway sway;
    private Map<String, String> daemonEnv;
    private Path emptyPath;
    private boolean controlDone;
    private final long t0 = System.nanoTime();

    /** {@code -Dfleet.setups=<text>[|<text>…]} runs only the setups whose name contains one of them (while working on one). */
    static Stream<RealSetup> setups() {
        List<String> only = List.of(System.getProperty("fleet.setups", "").split("\\|"));
        return RealSetups.all().stream().filter(s -> only.stream().anyMatch(o -> s.name().contains(o)));
    }

    @BeforeAll
    void start() throws Exception {
        Require.tools("tmux", "kitty", "Xvfb", "i3", "sway", "foot");
        root = Files.createTempDirectory(Path.of("/tmp"), "fleet-mx-");
        configDir = Files.createDirectories(root.resolve("claude/sessions")).getParent();
        tmuxTmpdir = Files.createDirectories(root.resolve("tt"));
        Files.createDirectories(root.resolve("run"));
        Files.setPosixFilePermissions(root.resolve("run"), PosixFilePermissions.fromString("rwx------"));
        desk = Desktop.start();
        daemonEnv = baseEnv();
        daemonEnv.putAll(desk.env());
        Exec.Result d = FleetProcess.run(daemonEnv, "daemon", "start");
        assertEquals(0, d.exit(), "fleet daemon start: " + d.err());
        emptyPath = Files.createDirectories(root.resolve("empty-path"));
    }

    @AfterAll
    void stop() {
        if (daemonEnv != null) FleetProcess.run(daemonEnv, "daemon", "stop");
        if (sway != null) sway.close();
        if (desk != null) desk.close();
        if (root != null) EXEC.run(List.of("rm", "-rf", root.toString()));
        System.err.println("[real-setups] all cases " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    private Map<String, String> baseEnv() {
        Map<String, String> e = new HashMap<>();
        e.put("CLAUDE_CONFIG_DIR", configDir.toString());
        e.put("HOME", root.toString());
        e.put("XDG_STATE_HOME", root.resolve("state").toString());
        e.put("XDG_RUNTIME_DIR", root.resolve("run").toString());
        e.put("XDG_CACHE_HOME", root.resolve("cache").toString());
        e.put("TMUX_TMPDIR", tmuxTmpdir.toString());
        e.put("KITTY_CONFIG_DIRECTORY", root.resolve("kitty").toString());
        e.put("LIBGL_ALWAYS_SOFTWARE", "1");
        for (String k : List.of("TMUX", "TMUX_PANE", "KITTY_LISTEN_ON", "KITTY_WINDOW_ID", "KITTY_PID", "SWAYSOCK",
                "WAYLAND_DISPLAY", "DISPLAY", "I3SOCK", "FLEET_WORKSPACE_SOCKET")) {
            e.put(k, null);
        }
        return e;
    }

    /**
     * A precondition, not a check: the daemon follows session files as they appear, and a setup is
     * built in a second or two, faster than a user presses a hotkey after starting an agent.
     */
    private boolean daemonSees(int agents) throws InterruptedException {
        Path sock = dev.fleet.core.daemon.SocketPaths.socket(daemonEnv);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (dev.fleet.core.daemon.DaemonClient c = dev.fleet.core.daemon.DaemonClient.connect(sock)) {
                Object n = c.call(Map.of("v", 1, "op", "status"), Duration.ofSeconds(2)).get("agents");
                if (n instanceof Number num && num.intValue() == agents) return true;
            } catch (java.io.IOException | RuntimeException e) {
                // not up yet: try again
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The caller's environment on this setup's desktop, direct (no daemon) or daemon-only. */
    private Map<String, String> env(RealSetup s, boolean daemon) {
        Map<String, String> e = baseEnv();
        if (s.wm() == Wm.SWAY) {
            e.put("SWAYSOCK", sway.socket().toString());
            e.put("I3SOCK", sway.socket().toString());
            e.put("WAYLAND_DISPLAY", sway.waylandDisplay());
        } else {
            e.putAll(desk.env());
        }
        // direct: the JVM must not reach the daemon; daemon: a fallback to the direct path is an error (exit 5)
        if (daemon) {
            e.put("FLEET_DAEMON_REQUIRED", "1");
            // and, independent of that flag: the caller has no tmux, kitty or i3-msg on PATH, so only the
            // daemon (which has them on its own PATH) can get the result right (checked in start())
            e.put("PATH", emptyPath.toString());
        } else {
            e.put("FLEET_NO_DAEMON", "1");
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("setups")
    void realSetup(RealSetup s) throws Exception {
        long c0 = System.nanoTime();
        if (s.wm() == Wm.SWAY && sway == null) sway = Sway.start();
        List<String> failures = new ArrayList<>();
        try (RealSetupRig rig = new RealSetupRig(s, desk, sway, configDir, tmuxTmpdir, root.resolve("w-" + Integer.toHexString(s.name().hashCode())))) {
            rig.build();
            if (!controlDone && !rig.tmuxAgents().isEmpty() && s.switchTo().exit() == 0) {
                // the control for the daemon runs' PATH: without the daemon, no tmux on PATH cannot work
                controlDone = true;
                Map<String, String> e = env(s, false);
                e.put("PATH", emptyPath.toString());
                Exec.Result r = FleetProcess.run(e, "switch", s.switchTo().agent());
                System.err.println("[real-setups] control: no daemon, no tmux on PATH: exit " + r.exit());
                if (r.exit() == 0) failures.add("control: switch without daemon and without tmux on PATH exited 0");
            }
            for (boolean daemon : new boolean[] {false, true}) {
                String via = daemon ? " (daemon)" : " (direct)";
                if (daemon && !daemonSees(rig.agents.size())) {
                    failures.add("the daemon did not see the setup's " + rig.agents.size() + " agents within 10 s");
                }
                command(rig, "switch " + s.switchTo().agent() + via, env(s, daemon), s.switchTo(), failures,
                        "switch", s.switchTo().agent());
                if (s.next() != null) command(rig, "next" + via, env(s, daemon), s.next(), failures, "next");
            }
            if (!rig.tmuxAgents().isEmpty()) workspace(rig, failures);
        }
        System.err.println("[real-setups] " + s.name() + ": " + (System.nanoTime() - c0) / 1_000_000 + " ms"
                + (failures.isEmpty() ? "" : ", " + failures.size() + " failures"));
        if (!failures.isEmpty()) {
            throw new AssertionError(s.name() + (s.twoClientsOnAServer() ? " [two clients on one server: see issue 8.2]" : "")
                    + ":\n  " + String.join("\n  ", failures));
        }
    }

    /** Runs one fleet command after arranging the setup, and checks what is on screen afterwards. */
    private void command(RealSetupRig rig, String label, Map<String, String> env, Expect e, List<String> failures,
            String... argv) throws Exception {
        rig.arrange();
        long focusBefore = rig.focusedCon();
        Map<String, List<String>> clientsBefore = clients(rig);
        Exec.Result r = FleetProcess.run(env, argv);
        if (r.exit() != e.exit()) {
            failures.add(label + ": exit " + r.exit() + ", expected " + e.exit() + " (" + r.err().strip().replace('\n', ' ') + ")");
        }
        AgentHandle a = rig.agents.get(e.agent());
        if (e.term() == null) {
            if (rig.focusedCon() != focusBefore) failures.add(label + ": the focus moved though nothing shows " + e.agent());
            if (!clients(rig).equals(clientsBefore)) failures.add(label + ": tmux clients changed: " + clientsBefore + " -> " + clients(rig));
            return;
        }
        TermHandle t = rig.terms.get(e.term());
        long focused = rig.focusedCon();
        if (focused != t.conId()) {
            failures.add(label + ": window manager focus is con " + focused + ", expected " + e.term() + " (con " + t.conId() + ")");
        }
        if (t.kittySocket() != null) {
            KittyView.Active act = KittyView.activeAround(t.kittySocket(), t.kittyWindow());
            if (act.windowId() != t.kittyWindow()) {
                failures.add(label + ": kitty's active window is " + act.windowId() + ", expected " + e.term() + " (" + t.kittyWindow() + ")");
            }
        }
        if (a.server() != null) {
            String[] line = RealSetupRig.clientLine(a.server(), t.pid());
            String want = a.windowId() + " " + a.paneId();
            String got = line == null ? "no client" : line[3] + " " + line[4];
            if (!want.equals(got)) failures.add(label + ": client of " + e.term() + " shows " + got + ", expected " + want);
            String vis = a.server().display(a.paneId(), "#{pane_active} #{window_zoomed_flag}");
            if (!vis.startsWith("1 ")) failures.add(label + ": " + e.agent() + "'s pane is not the active one (" + vis + ")");
        }
    }

    private static Map<String, List<String>> clients(RealSetupRig rig) {
        Map<String, List<String>> m = new TreeMap<>();
        for (RealSetupTmux s : rig.servers.values()) {
            m.put(s.id, s.clients("#{client_tty} #{session_name} #{window_id} #{pane_id}").stream().sorted().toList());
        }
        return m;
    }

    // --- workspace ---------------------------------------------------------------------------------

    private Path aggSocket() {
        return tmuxTmpdir.resolve("tmux-" + Ids.uid()).resolve("fleet-workspace-" + Ids.uid());
    }

    /** Window ids a user's own client shows (not one of fleet's linked sessions), per server. */
    private static Set<String> userShown(RealSetupRig rig) {
        Set<String> out = new TreeSet<>();
        for (RealSetupTmux s : rig.servers.values()) {
            for (String l : s.clients("#{session_name} #{window_id}")) {
                String[] f = l.split(" ");
                if (!f[0].startsWith("fleet-ws-")) out.add(s.id + f[1]);
            }
        }
        return out;
    }

    private static String size(AgentHandle a) {
        return a.server().display(a.windowId(), "#{window_width}x#{window_height}");
    }

    /** The sizes a window takes from the user's clients that show it (with and without a status line). */
    private static Set<String> userClientSizes(AgentHandle a) {
        Set<String> out = new TreeSet<>();
        for (String l : a.server().clients("#{session_name} #{window_id} #{client_width} #{client_height}")) {
            String[] f = l.split(" ");
            if (f[0].startsWith("fleet-ws-") || !f[1].equals(a.windowId())) continue;
            int h = Integer.parseInt(f[3]);
            out.add(f[2] + "x" + h);
            out.add(f[2] + "x" + (h - 1));
        }
        return out;
    }

    private static String options(RealSetupRig rig) {
        StringBuilder b = new StringBuilder();
        for (RealSetupTmux s : rig.servers.values()) {
            if (!s.tryRun("list-sessions").ok()) continue;
            b.append(s.run("show-options", "-s")).append(s.run("show-options", "-g")).append(s.run("show-options", "-gw"));
            for (AgentHandle a : rig.tmuxAgents()) {
                if (a.server() != s) continue;
                b.append(s.run("show-options", "-t", a.session())).append(s.run("show-options", "-w", "-t", a.windowId()));
            }
        }
        return b.toString();
    }

    private Map<String, String> tiles() {
        Map<String, String> m = new HashMap<>();
        Exec.Result r = EXEC.run(List.of("tmux", "-S", aggSocket().toString(), "list-panes", "-t", "=fleet-workspace:agents",
                "-F", "#{@fleet_agent_pid} #{pane_width}x#{pane_height}"), Map.of("TMUX_TMPDIR", tmuxTmpdir.toString()), null);
        if (r.ok()) for (String l : r.out().split("\n")) if (l.contains(" ")) m.put(l.split(" ")[0], l.split(" ")[1]);
        return m;
    }

    private void workspace(RealSetupRig rig, List<String> failures) throws Exception {
        RealSetup s = rig.setup;
        rig.arrange();
        rig.wmCommand("workspace number 9"); // the workspace's own window must not squeeze a user's terminal
        Set<String> shown = userShown(rig);
        Map<String, String> before = new LinkedHashMap<>();
        for (AgentHandle a : rig.tmuxAgents()) before.put(a.spec().name(), size(a));
        String optionsBefore = options(rig);
        Map<String, String> env = env(s, false);
        String title = "mx-workspace-" + Integer.toHexString(s.name().hashCode());
        List<String> open = new ArrayList<>(List.of("workspace", "open", "--title", title));
        open.addAll(s.workspaceWindow() ? List.of("--terminal", "kitty") : List.of("--no-terminal"));
        Exec.Result r = FleetProcess.run(env, open.toArray(String[]::new));
        if (r.exit() != 0) {
            failures.add("workspace open: exit " + r.exit() + " (" + r.err().strip() + ")");
            return;
        }
        try {
            int n = rig.tmuxAgents().size();
            awaitQuiet("a viewer client per agent", () -> rig.servers.values().stream().mapToLong(v -> v.clients("#{session_name}")
                    .stream().filter(x -> x.startsWith("fleet-ws-")).count()).sum() == n);
            if (s.workspaceWindow() && Trees.windowTitled(desk.tree(), title) == null) failures.add("workspace open: no window titled " + title + " in i3");
            Thread.sleep(300);
            Map<String, String> tiles = tiles();
            if (tiles.size() != n) failures.add("workspace open: " + tiles.size() + " tiles for " + n + " agents");
            for (AgentHandle a : rig.tmuxAgents()) {
                String name = a.spec().name();
                if (shown.contains(a.server().id + a.windowId())) {
                    if (!size(a).equals(before.get(name))) {
                        failures.add("workspace open: " + name + "'s window, shown by a user's client, went " + before.get(name) + " -> " + size(a)
                                + "; windows: " + rig.windows());
                    }
                } else {
                    // every tile showing this window is a candidate: with two, tmux follows the latest
                    Set<String> want = new TreeSet<>();
                    for (AgentHandle b : rig.tmuxAgents()) if (b.windowId().equals(a.windowId()) && b.server() == a.server()) want.add(tiles.get(Integer.toString(b.pid())));
                    if (!awaitQuiet("", () -> want.contains(size(a)))) {
                        failures.add("workspace open: " + name + "'s window, shown by no user, is " + size(a) + ", not its tile " + want);
                    }
                }
            }
            // with the workspace open, its viewer clients are not the user's terminals: switch does as before
            command(rig, "switch " + s.switchTo().agent() + " (workspace open)", env(s, false), s.switchTo(), failures,
                    "switch", s.switchTo().agent());
            rig.arrange(); // each terminal back on its own session
            StringBuilder trace = new StringBuilder();
            java.util.function.Consumer<String> note = stage -> {
                trace.append(stage).append(':');
                for (AgentHandle a : rig.tmuxAgents()) trace.append(' ').append(a.spec().name()).append('=').append(size(a));
                trace.append("; ");
            };
            note.accept("open");
            // refresh: a new agent on the first server gets its own tile
            RealSetupTmux first = rig.tmuxAgents().get(0).server();
            String extra = first.run("new-session", "-d", "-s", "xtra", "-x", "200", "-y", "50", "-P", "-F", "#{pane_pid} #{window_id} #{pane_id}",
                    "exec sh -c 'exec sleep 100000'").strip();
            String[] x = extra.split(" ");
            Path xf = dev.fleet.testkit.SessionFiles.write(configDir, withTmux(Integer.parseInt(x[0]), "xtra:" + x[1] + "." + x[2]));
            try {
                Exec.Result rf = FleetProcess.run(env, "workspace", "refresh");
                if (rf.exit() != 0) failures.add("workspace refresh: exit " + rf.exit() + " (" + rf.err().strip() + ")");
                if (!awaitQuiet("", () -> tiles().containsKey(x[0]))) failures.add("workspace refresh: no tile for the new agent; tiles " + tiles());
                Thread.sleep(300);
                note.accept("refresh");
            } finally {
                Exec.Result rc = FleetProcess.run(env, "workspace", "close");
                if (rc.exit() != 0) failures.add("workspace close: exit " + rc.exit() + " (" + rc.err().strip() + ")");
                Files.deleteIfExists(xf);
                note.accept("close");
                first.tryRun("kill-session", "-t", "=xtra");
                Thread.sleep(300);
                note.accept("xtra gone");
            }
            for (RealSetupTmux v : rig.servers.values()) {
                Exec.Result ls = v.tryRun("list-sessions", "-F", "#{session_name}");
                if (ls.ok() && ls.out().contains("fleet-ws-")) failures.add("workspace close: linked sessions left on " + v.id + ": " + ls.out().strip());
            }
            for (AgentHandle a : rig.tmuxAgents()) {
                if (!a.server().hasSession(a.session())) failures.add("workspace close: the agent session " + a.session() + " is gone");
                else if (shown.contains(a.server().id + a.windowId()) && !size(a).equals(before.get(a.spec().name()))
                        && !userClientSizes(a).contains(size(a))) {
                    // tmux may re-size a window on close to the user's client that really shows it (grouped
                    // sessions: it was sized by a client of another session in the group that had shown it last)
                    failures.add("workspace close: " + a.spec().name() + "'s window is " + size(a) + ", was " + before.get(a.spec().name())
                            + "; windows: " + rig.windows() + "; kitty: " + rig.kitties() + "; sizes along the way: " + trace + "; clients: "
                            + a.server().clients("#{client_tty} #{client_flags} #{client_width}x#{client_height} #{session_name} #{window_id}"));
                }
            }
            String optionsAfter = options(rig);
            if (!optionsAfter.equals(optionsBefore)) failures.add("workspace: tmux options changed:\n" + diff(optionsBefore, optionsAfter));
            if (Files.exists(aggSocket())) failures.add("workspace close: its server socket " + aggSocket() + " is left");
            if (s.workspaceWindow() && !awaitQuiet("", () -> Trees.windowTitled(desk.tree(), title) == null)) {
                failures.add("workspace close: the window " + title + " is still in i3");
            }
        } finally {
            FleetProcess.run(env, "workspace", "close");
        }
    }

    private Map<String, Object> withTmux(int pid, String tmux) {
        Map<String, Object> f = dev.fleet.testkit.SessionFiles.fields(pid, root, "idle", System.currentTimeMillis() - 7_200_000L);
        f.put("name", "xtra-" + pid);
        f.put("tmux", tmux);
        return f;
    }

    private static String diff(String a, String b) {
        List<String> la = a.lines().toList(), lb = b.lines().toList();
        List<String> out = new ArrayList<>();
        for (String l : la) if (!lb.contains(l)) out.add("- " + l);
        for (String l : lb) if (!la.contains(l)) out.add("+ " + l);
        return String.join("\n", out);
    }

    private static boolean awaitQuiet(String what, java.util.function.BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(100);
        }
        return true;
    }
}
