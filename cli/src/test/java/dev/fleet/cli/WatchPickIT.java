package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.json.Json;
import dev.fleet.testguard.TestDirs;
import dev.fleet.testkit.ClaudeAgent;
import dev.fleet.testkit.ClaudeCode;
import dev.fleet.testkit.FakeModelApi;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet watch} and {@code fleet pick} on real tmux (and a real fzf): the agents live on one tmux
 * server; the user's terminals are panes of another server, each running a tmux client of the agents'
 * server at the pane's size. Everything is checked from tmux itself (list-clients, list-sessions,
 * capture-pane, window sizes), never from fleet's output.
 */
class WatchPickIT {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private TmuxServer agents;
    private TmuxServer terminals;
    private StandInAgent alpha;
    private StandInAgent beta;
    private Path fleet;

    @BeforeEach
    void setUp() throws Exception {
        Require.tool("tmux");
        agents = server(TmuxServer.named());
        terminals = server(TmuxServer.named());
        Path claude = Files.createDirectories(tmp.resolve("claude"));
        agents.run("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24"); // the server outlives the agents
        alpha = close(StandInAgent.builder(claude).field("name", "alpha-agent").inTmux(agents, "alpha"));
        beta = close(StandInAgent.builder(claude).field("name", "beta-agent").inTmux(agents, "beta"));
        fleet = launcher(claude);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    @Test
    void keysTypedIntoTheViewerNeverReachTheAgentAndADetachedWindowFitsTheViewer() throws Exception {
        viewerIsReadOnlyAndFitsADetachedWindow(fleet);
    }

    /**
     * With a daemon up and FLEET_DAEMON_REQUIRED=1, watch --json and pick --json are the daemon's (its
     * served_ops count them) and print what the direct path prints for the same agents; a plain watch
     * runs the daemon's plan here, in the caller's terminal, and is the same read-only view.
     */
    @Test
    void theDaemonServesWatchAndPickPlansAndAPlainWatchRunsThemHere() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path dmenu = Files.writeString(bin.resolve("dmenu"), "#!/bin/sh\nexit 1\n"); // found on PATH, never run (--json)
        Files.setPosixFilePermissions(dmenu, PosixFilePermissions.fromString("rwx------"));
        String path = bin + ":" + System.getenv("PATH");
        try (Daemon d = new Daemon(path)) {
            Path direct = launcher(tmp.resolve("claude"), Map.of("FLEET_NO_DAEMON", "1", "PATH", path), "fleet-direct");
            for (List<String> cmd : List.of(List.of("watch", "alpha-agent", "--json"), List.of("watch", "--window", "--json", "beta"),
                    List.of("pick", "--with", "dmenu", "--json"), List.of("pick", "--json"))) {
                Exec.Result here = run(direct, cmd), served = run(d.fleet, cmd);
                assertEquals(0, here.exit(), here.err());
                assertEquals(0, served.exit(), served.err());
                assertEquals(comparable(here.out()), comparable(served.out()), cmd + ": the daemon's plan and the direct one");
            }
            Exec.Result miss = run(d.fleet, List.of("watch", "zzz-nothing", "--json"));
            assertEquals(1, miss.exit(), miss.err());
            assertTrue(miss.err().startsWith("fleet: no agent matches 'zzz-nothing'"), miss.err());
            assertEquals(Map.of("watch", 3L, "pick", 2L), d.servedOps("watch", "pick"));

            viewerIsReadOnlyAndFitsADetachedWindow(d.fleet);
            assertEquals(4L, d.servedOps("watch").get("watch"), "the plain watch's plan came from the daemon");
        }
    }

    /** pick with a daemon up: its plan from the daemon, fzf here, and Enter's switch through the daemon too. */
    @Test
    void pickInFzfThroughTheDaemonSwitchesTheUsersClient() throws Exception {
        Require.tool("fzf");
        try (Daemon d = new Daemon(System.getenv("PATH"))) {
            pickInFzfSwitchesTheUsersClient(d.fleet);
            assertEquals(Map.of("pick", 1L, "switch", 1L), d.servedOps("pick", "switch"));
        }
    }

    /** {@code fleet daemon run} on the agents' config dir, and a launcher that must use it (FLEET_DAEMON_REQUIRED=1). */
    private final class Daemon implements AutoCloseable {
        final Path runtime;
        final Map<String, String> env;
        final Process process;
        final Path fleet;

        Daemon(String path) throws Exception {
            runtime = Files.createTempDirectory(Path.of("/tmp"), "fwp-"); // a short socket path
            env = new HashMap<>(TestDirs.isolatedEnv());
            env.put("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString());
            env.put("XDG_RUNTIME_DIR", runtime.toString());
            env.put("PATH", path);
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "daemon", "run");
            env.forEach((k, v) -> {
                if (v == null) pb.environment().remove(k);
                else pb.environment().put(k, v);
            });
            process = pb.redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
            fleet = launcher(tmp.resolve("claude"),
                    Map.of("XDG_RUNTIME_DIR", runtime.toString(), "FLEET_DAEMON_REQUIRED", "1", "PATH", path), "fleet-served");
            try {
                waitFor(() -> {
                    Exec.Result ls = Exec.withTimeout(Duration.ofSeconds(30)).run(List.of(fleet.toString(), "ls", "--json"));
                    return ls.exit() == 0 && ls.out().contains("alpha-agent") && ls.out().contains("beta-agent") ? "ok" : null;
                }, "the daemon listing both agents (its log: " + tmp.resolve("daemon.log") + ")");
            } catch (Exception | AssertionError e) {
                close();
                throw e;
            }
        }

        /** The daemon's served_ops for {@code ops} (0 for one it never served), from its own status. */
        Map<String, Long> servedOps(String... ops) throws Exception {
            try (DaemonClient c = DaemonClient.connect(SocketPaths.socket(env))) {
                Map<?, ?> st = (Map<?, ?>) c.call(Map.of("v", 1, "op", "status"), Duration.ofSeconds(5)).get("served_ops");
                Map<String, Long> out = new HashMap<>();
                for (String op : ops) out.put(op, st.get(op) == null ? 0L : ((Number) st.get(op)).longValue());
                return out;
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    private void viewerIsReadOnlyAndFitsADetachedWindow(Path fleet) throws Exception {
        String options = serverOptions();
        // a user's client on another session of the server: tmux 3.3 then ignores every ignore-size client
        attachUser("user", 160, 40, "keep");
        assertEquals("200x50", agents.display(alpha.paneId(), "#{window_width}x#{window_height}"));
        terminal("viewer", 120, 30, fleet.toString(), "watch", "alpha-agent");
        String viewer = waitFor(() -> watcherClient(), "a watcher client on the agents' server");
        // the view shows the agent's screen, and the window nobody else shows fits the view (30 rows less the status line)
        terminals.waitForText("viewer", alpha.marker(), Duration.ofSeconds(10));
        waitFor(() -> agents.display(alpha.paneId(), "#{window_width}x#{window_height}").equals("120x29") ? "ok" : null,
                "alpha's window at the viewer's size");

        terminals.sendText("viewer", "typed-into-viewer");
        terminals.sendKeys("viewer", "Enter");
        Thread.sleep(700);
        assertFalse(agents.capturePane(alpha.paneId()).contains("typed-into-viewer"), agents.capturePane(alpha.paneId()));
        assertTrue(viewer.contains("read-only"), viewer);

        terminals.sendKeys("viewer", "C-b", "d"); // detach
        waitFor(() -> watcherClient() == null && !sessions().contains("fleet-watch-") ? "gone" : null, "the watcher gone after detach");
        assertEquals(List.of("alpha", "beta", "keep"), List.of(sessions().split("\n")).stream().sorted().toList());
        assertEquals("keep", clients().split(" ")[0], clients());
        assertEquals(options, serverOptions(), "options changed");
    }

    @Test
    void aWindowAUsersClientShowsKeepsItsSizeAndKillingTheViewerLeavesNothing() throws Exception {
        String options = serverOptions();
        attachUser("user", 160, 40, "alpha");
        assertEquals("160x39", agents.display(alpha.paneId(), "#{window_width}x#{window_height}"));
        // control: keys typed into the user's own client do reach the agent (what the viewer must not do)
        terminals.sendText("user", "typed-by-user");
        agents.waitForText(alpha.paneId(), "typed-by-user", Duration.ofSeconds(5));

        terminal("viewer", 100, 30, fleet.toString(), "watch", "alpha-agent");
        String viewer = waitFor(() -> watcherClient(), "a watcher client on the agents' server");
        terminals.waitForText("viewer", alpha.marker(), Duration.ofSeconds(10));
        Thread.sleep(500);
        assertEquals("160x39", agents.display(alpha.paneId(), "#{window_width}x#{window_height}"));
        assertTrue(clients().contains("alpha " + alpha.paneId()), clients()); // the user's client did not move

        terminals.sendText("viewer", "typed-into-viewer");
        Thread.sleep(700);
        assertFalse(agents.capturePane(alpha.paneId()).contains("typed-into-viewer"), agents.capturePane(alpha.paneId()));
        assertTrue(viewer.contains("read-only") && viewer.contains("ignore-size"), viewer);

        int pid = Integer.parseInt(viewer.split(" ")[0]);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // the viewer's tmux client, killed
        waitFor(() -> watcherClient() == null && !sessions().contains("fleet-watch-") ? "gone" : null, "the watcher gone after kill");
        assertEquals("160x39", agents.display(alpha.paneId(), "#{window_width}x#{window_height}"));
        assertEquals(1, clients().lines().count(), clients());
        assertEquals(options, serverOptions(), "options changed");
    }

    @Test
    void aRealClaudeCodeAgentWatchedReadOnlyGetsNoKeysAndKeepsTheUsersSize() throws Exception {
        Require.claudeCode();
        try (FakeModelApi api = FakeModelApi.start(); ClaudeCode claude = ClaudeCode.create(api)) {
            Path cwd = Files.createDirectories(tmp.resolve("proj"));
            claude.trust(cwd);
            Files.createDirectories(claude.configDir().resolve("sessions"));
            ClaudeAgent agent = claude.startInTmux(agents, "proj", cwd);
            Path fleetForClaude = launcher(claude.configDir());
            attachUser("user", 160, 40, "proj");
            // control: what the user types reaches Claude Code's prompt
            terminals.sendText("user", "typed-by-user");
            agents.waitForText(agent.paneId(), "typed-by-user", Duration.ofSeconds(10));

            terminal("viewer", 100, 30, fleetForClaude.toString(), "watch", Integer.toString(agent.pid()));
            waitFor(() -> watcherClient(), "a watcher client on the agents' server");
            // a view smaller than the user's window shows its top-left part (tmux): Claude Code's banner
            terminals.waitForText("viewer", "Claude Code v", Duration.ofSeconds(15));
            terminals.sendText("viewer", "typed-into-viewer");
            terminals.sendKeys("viewer", "Enter");
            Thread.sleep(1000);
            String screen = agents.capturePane(agent.paneId());
            assertFalse(screen.contains("typed-into-viewer"), screen);
            assertTrue(screen.contains("typed-by-user"), screen);
            assertEquals("160x39", agents.display(agent.paneId(), "#{window_width}x#{window_height}"));
            assertTrue(api.requests().stream().noneMatch(r -> r.body() != null && r.body().contains("typed-into-viewer")),
                    "the viewer's text reached the model API");

            terminals.sendKeys("viewer", "C-b", "d");
            waitFor(() -> watcherClient() == null && !sessions().contains("fleet-watch-") ? "gone" : null, "the watcher gone");
        }
    }

    /** tmux 3.3a's server crashed on about one in five detaches of a destroy-unattached session: many in a row. */
    @Test
    void theServerSurvivesManyViewersDetachingAndBeingKilled() throws Exception {
        attachUser("user", 160, 40, "keep");
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(60)).run(List.of(fleet.toString(), "watch", "alpha-agent", "--json"));
        assertEquals(0, r.exit(), r.err());
        List<String> argv = new ArrayList<>();
        for (Object o : (List<?>) ((Map<?, ?>) Json.parse(r.out())).get("argv")) argv.add(o.toString());
        for (int i = 0; i < 12; i++) {
            terminal("viewer" + i, 120, 30, argv.toArray(String[]::new));
            String viewer = waitFor(() -> watcherClient(), "watcher " + i);
            if (i % 2 == 0) terminals.sendKeys("viewer" + i, "C-b", "d");
            else ProcessHandle.of(Integer.parseInt(viewer.split(" ")[0])).orElseThrow().destroyForcibly();
            waitFor(() -> watcherClient() == null && !sessions().contains("fleet-watch-") ? "gone" : null, "watcher " + i + " gone");
        }
        assertEquals(List.of("alpha", "beta", "keep"), List.of(sessions().split("\n")).stream().sorted().toList());
    }

    @Test
    void watchJsonPrintsTheViewerWithoutRunningIt() {
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(60)).run(List.of(fleet.toString(), "watch", "beta-agent", "--json"));
        assertEquals(0, r.exit(), r.err());
        Map<?, ?> j = (Map<?, ?>) Json.parse(r.out());
        List<?> argv = (List<?>) j.get("argv");
        assertTrue(argv.get(argv.indexOf("-f") + 1).toString().contains("read-only"), r.out());
        assertFalse(sessions().contains("fleet-watch-"), sessions());
    }

    @Test
    void anAgentInNoTmuxPaneCannotBeWatched() throws Exception {
        StandInAgent loose = close(StandInAgent.builder(tmp.resolve("claude")).field("name", "loose-agent").start());
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(60)).run(List.of(fleet.toString(), "watch", "loose-agent"));
        assertEquals(4, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("cannot be watched"), r.err());
        assertTrue(loose.isAlive());
    }

    @Test
    void pickInFzfSwitchesTheUsersClientToTheChosenAgent() throws Exception {
        Require.tool("fzf");
        pickInFzfSwitchesTheUsersClient(fleet);
    }

    private void pickInFzfSwitchesTheUsersClient(Path fleet) throws Exception {
        attachUser("user", 160, 40, "alpha");
        terminal("picker", 120, 30, fleet.toString(), "pick");
        terminals.waitForText("picker", "beta-agent", Duration.ofSeconds(20));
        terminals.sendText("picker", "beta-ag");
        Thread.sleep(300);
        terminals.sendKeys("picker", "Enter");
        waitFor(() -> clients().contains("beta " + beta.paneId()) ? "ok" : null, "the user's client on beta");
        assertEquals(1, clients().lines().count(), clients());
    }

    @Test
    void pickWithNoPickerInstalledNamesThePickers() {
        Map<String, String> env = new HashMap<>(TestDirs.isolatedEnv());
        env.put("PATH", tmp.resolve("empty-bin").toString());
        env.put("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString());
        Exec.Result r = FleetProcess.run(env, "pick");
        assertEquals(5, r.exit(), r.err());
        assertEquals("fleet: no picker installed: install one of fzf, rofi, dmenu, wofi", r.err().strip());
    }

    // --- helpers ---

    private static Exec.Result run(Path fleet, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(fleet.toString()));
        argv.addAll(args);
        return Exec.withTimeout(Duration.ofSeconds(60)).run(argv);
    }

    /**
     * A plan's JSON, parsed (the order of an agent's environment hints differs between any two scans),
     * without what differs between any two runs: the viewer's session name, agents' ages, and the tmux
     * window's name (tmux renames it after the pane's current program: "bash" while the stand-in's shell
     * starts, "sleep" once it runs — CI once caught the two scans either side of that).
     */
    private static Object comparable(String json) {
        return Json.parse(json.replaceAll("fleet-watch-[0-9]+-[0-9a-z]+", "fleet-watch-N").replaceAll("\\b([a-z]+) [0-9]+[smhd]\\b", "$1 N")
                .replaceAll("\"window_name\"\\s*:\\s*\"[^\"]*\"", "\"window_name\":\"N\""));
    }

    /** The agents' server's clients: "session pane" per line. */
    private String clients() {
        // the user's and watchers' clients; not a daemon's control client (it shows nothing)
        return String.join("\n", agents.userClients("#{session_name} #{pane_id}"));
    }

    private String sessions() {
        return agents.run("list-sessions", "-F", "#{session_name}").strip();
    }

    /** "pid flags" of the client on a fleet-watch- session, or null. */
    private String watcherClient() {
        for (String l : agents.run("list-clients", "-F", "#{client_pid} #{client_flags} #{session_name}").split("\n")) {
            if (l.contains(" fleet-watch-")) return l;
        }
        return null;
    }

    /** Server, global, alpha-window and alpha-session options and hooks, to compare before and after. */
    private String serverOptions() {
        return agents.run("show-options", "-s") + agents.run("show-options", "-g") + agents.run("show-options", "-gw")
                + agents.run("show-options", "-w", "-t", alpha.paneId()) + agents.run("show-options", "-t", "alpha")
                + agents.run("show-hooks", "-g") + agents.run("show-hooks", "-t", "alpha");
    }

    /** A user's terminal: a pane of the terminals' server, {@code w}x{@code h}, attached to {@code session}. */
    private void attachUser(String name, int w, int h, String session) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
        cmd.addAll(agents.socketArgs());
        cmd.addAll(List.of("attach", "-t", session));
        terminal(name, w, h, cmd.toArray(String[]::new));
        waitFor(() -> clients().contains(session + " ") ? "ok" : null, "a client on " + session);
    }

    private void terminal(String name, int w, int h, String... argv) {
        terminals.run("new-session", "-d", "-s", name, "-x", Integer.toString(w), "-y", Integer.toString(h), Shell.join(List.of(argv)));
    }

    /** fleet as a script (its JVM, this test's class path, the test's isolated environment). */
    private Path launcher(Path claude) throws Exception {
        return launcher(claude, Map.of("FLEET_NO_DAEMON", "1"), "fleet");
    }

    /** fleet as a script named {@code name}, with {@code extra} variables. */
    private Path launcher(Path claude, Map<String, String> extra, String name) throws Exception {
        Map<String, String> env = new HashMap<>(TestDirs.isolatedEnv());
        env.put("CLAUDE_CONFIG_DIR", claude.toString());
        env.put("TERM", "xterm-256color");
        env.put("PATH", System.getenv("PATH"));
        env.putAll(extra);
        List<String> argv = new ArrayList<>(List.of("exec", "env", "-i"));
        env.forEach((k, v) -> {
            if (v != null) argv.add(k + "=" + v);
        });
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + Shell.join(argv) + " \"$@\"\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static String waitFor(Supplier<String> what, String description) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String v = what.get();
            if (v != null) return v;
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + description);
    }

    private TmuxServer server(TmuxServer s) {
        cleanup.add(s);
        return s;
    }

    private StandInAgent close(StandInAgent a) {
        cleanup.add(a);
        return a;
    }
}
