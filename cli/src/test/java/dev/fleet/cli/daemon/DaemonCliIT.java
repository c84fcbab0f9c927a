package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with a real daemon process: {@code switch}, {@code next}, {@code ls --json} and {@code label}
 * give the same output and exit codes through the daemon as without it; the fast path loads neither
 * picocli nor jackson-databind; daemon start/stop/status, SIGTERM, a second daemon, the systemd unit.
 */
class DaemonCliIT {
    @TempDir
    Path tmp;
    Path runtime;
    Map<String, String> env;

    @BeforeEach
    void dirs() throws Exception {
        runtime = Files.createTempDirectory(Path.of("/tmp"), "fdc-"); // short: socket paths are limited
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        env = LauncherCopy.userEnv(tmp, config, runtime);
        env.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        env.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString()); // no tmux server: its socket dir does not exist
    }

    @AfterEach
    void clean() throws Exception {
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
    }

    private Path configDir() {
        return Path.of(env.get("CLAUDE_CONFIG_DIR"));
    }

    private Exec.Result fleet(boolean daemon, String... args) {
        Map<String, String> e = new HashMap<>(env);
        if (!daemon) e.put("FLEET_NO_DAEMON", "1");
        return FleetProcess.run(e, args);
    }

    /** Through the daemon, and only through it: a fall back to the direct path is an error (exit 5). */
    private Exec.Result served(String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.put("FLEET_DAEMON_REQUIRED", "1");
        return FleetProcess.run(e, args);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> servedOps() {
        Exec.Result st = fleet(true, "daemon", "status", "--json");
        assertEquals(0, st.exit(), st.err());
        return (Map<String, Object>) Json.parseObject(st.out()).get("served_ops");
    }

    private static String clientSession(TmuxServer tmux) {
        return String.join("\n", tmux.userClients("#{client_session}"));
    }

    /** A terminal of its own (a client inside a second server) shows {@code session} of {@code tmux}. */
    private static void attachClient(TmuxServer tmux, TmuxServer outer, Path cwd, String session) throws Exception {
        List<String> attach = new java.util.ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
        attach.addAll(tmux.socketArgs());
        attach.addAll(List.of("attach", "-t", session));
        outer.newSession("term", cwd, attach.toArray(String[]::new));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tmux.run("list-clients").isBlank() && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(session, clientSession(tmux));
    }

    @Test
    void switchNextLsAndLabelGiveTheSameAnswersWithAndWithoutTheDaemon() throws Exception {
        Require.tool("tmux");
        try (TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(configDir()).cwd(Files.createDirectories(tmp.resolve("api"))).status("busy").inTmux(tmux, "api");
             StandInAgent web = StandInAgent.builder(configDir()).cwd(Files.createDirectories(tmp.resolve("web"))).status("waiting")
                     .statusUpdatedAt(System.currentTimeMillis() - 60_000).inTmux(tmux, "web");
             DaemonProcess d = startAfter(tmux, api, web)) {
            // the daemon locates in the background after its first scan; give it that moment
            awaitDaemonLocated(2);

            Exec.Result direct = fleet(false, "ls", "--json");
            Exec.Result viaDaemon = served("ls", "--json");
            assertEquals(0, viaDaemon.exit(), viaDaemon.err());
            // the same document (the env object's key order is not part of it: it differs between JVMs)
            assertEquals(Json.parse(direct.out()), Json.parse(viaDaemon.out()), "ls --json: the same document through the daemon");

            for (String[] args : new String[][] {{"switch", "--dry-run", "web"}, {"switch", "--dry-run", "--json", "api"},
                    {"switch", "no-such-agent-zz"}, {"next", "--dry-run"}, {"switch", "--dry-run", "%"}}) {
                Exec.Result a = fleet(false, args);
                Exec.Result b = served(args);
                assertEquals(a.exit(), b.exit(), String.join(" ", args) + ": " + a.err() + " / " + b.err());
                if (a.out().startsWith("{")) assertEquals(Json.parse(a.out()), Json.parse(b.out()), String.join(" ", args));
                else assertEquals(a.out(), b.out(), String.join(" ", args));
                assertEquals(a.err(), b.err(), String.join(" ", args));
            }
            assertTrue(served("next", "--dry-run").out().contains("pid " + web.pid()), "next: the waiting agent");
            assertEquals(1, served("switch", "no-such-agent-zz").exit());

            // real switches, the same outcome either way, as tmux itself reports its client
            attachClient(tmux, outer, tmp, "api");
            Exec.Result a = fleet(false, "switch", "web");
            assertEquals("web", clientSession(tmux), "direct: " + a.err());
            tmux.run("switch-client", "-t", "api");
            assertEquals("api", clientSession(tmux));
            long switchesBefore = (Long) servedOps().getOrDefault("switch", 0L);
            Exec.Result b = served("switch", "web");
            assertEquals("web", clientSession(tmux), "daemon: " + b.err());
            assertEquals(a.exit(), b.exit(), a.err() + " / " + b.err());
            assertEquals(a.out(), b.out());
            assertEquals(a.err(), b.err());
            assertEquals(switchesBefore + 1, servedOps().get("switch"), "the daemon counted the switch it served");
            tmux.run("switch-client", "-t", "api");
            Exec.Result n = served("next");
            assertEquals(0, n.exit(), n.err());
            assertEquals("web", clientSession(tmux), "next through the daemon goes to the waiting agent");

            // the fast path really went to the daemon, and loaded neither picocli nor jackson-databind
            List<String> argv = DaemonProcess.java("ls", "--json");
            argv.add(1, "-Xlog:class+load=info:file=" + tmp.resolve("classes.txt"));
            Exec.Result r = Exec.withTimeout(Duration.ofSeconds(60)).run(argv, env, null);
            assertEquals(0, r.exit(), r.err());
            String classes = Files.readString(tmp.resolve("classes.txt"));
            assertTrue(classes.contains("dev.fleet.core.daemon.DaemonClient "), "went through the daemon client");
            assertFalse(classes.contains("dev.fleet.core.scan.FleetScan "), "did not scan itself");
            assertFalse(classes.contains("picocli."), "no picocli on the fast path");
            assertFalse(classes.contains("com.fasterxml.jackson.databind."), "no jackson-databind on the fast path");
            assertFalse(classes.contains("org.newsclub."), "no junixsocket (native library) in the client");

            // labels through the daemon: shown as NAME at once, matched by switch
            Exec.Result l = served("label", "web", "the", "front", "end");
            assertEquals(0, l.exit(), l.err());
            assertTrue(l.out().contains("'the front end'"), l.out());
            assertEquals("the front end", agentByPid(served("ls", "--json"), web.pid()).get("name"));
            assertTrue(served("switch", "--dry-run", "front end").out().contains("pid " + web.pid()));
            assertEquals(1, served("label", "no-such-agent-zz", "x").exit());

            // stop it; labels still work without it, and ls still answers (directly)
            Exec.Result stop = fleet(true, "daemon", "stop");
            assertEquals(0, stop.exit(), stop.err());
            assertTrue(d.process.waitFor(10, TimeUnit.SECONDS), "the daemon exits on stop");
            assertFalse(Files.exists(d.socket), "and removes its socket");
            assertEquals(1, fleet(true, "daemon", "status").exit(), "status says none runs");
            Exec.Result clear = fleet(true, "label", "front end", "--clear");
            assertEquals(0, clear.exit(), clear.err());
            assertTrue(clear.out().contains("removed the label 'the front end'"), clear.out());
            assertEquals(web.fields().get("name"), agentByPid(fleet(true, "ls", "--json"), web.pid()).get("name"));
        }
    }

    /** The daemon, once the stand-ins' panes run their final command (tmux names the window after it). */
    private DaemonProcess startAfter(TmuxServer tmux, StandInAgent... agents) throws Exception {
        for (StandInAgent a : agents) {
            tmux.waitForText(a.paneId(), a.marker(), Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!tmux.display(a.paneId(), "#{window_name}").trim().equals("sleep") && System.nanoTime() < deadline) Thread.sleep(50);
        }
        return DaemonProcess.start(env, tmp.resolve("daemon.log"));
    }

    private void awaitDaemonLocated(int agents) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Exec.Result r = served("ls", "--json");
            if (r.exit() != 0) {
                Thread.sleep(100);
                continue;
            }
            List<?> l = (List<?>) Json.parse(r.out());
            if (l.size() == agents && l.stream().allMatch(o -> ((Map<?, ?>) o).get("tmux") != null)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("the daemon did not locate " + agents + " agents");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> agentByPid(Exec.Result r, int pid) {
        assertEquals(0, r.exit(), r.err());
        for (Object o : (List<Object>) Json.parse(r.out())) {
            Map<String, Object> a = (Map<String, Object>) o;
            if (Json.lng(a, "pid", -1) == pid) return a;
        }
        throw new AssertionError("no pid " + pid + " in " + r.out());
    }

    /**
     * Why every daemon test runs with FLEET_DAEMON_REQUIRED=1: a daemon broken for {@code switch} is
     * hidden by the fall back (the switch still happens), and shows as exit 5 with the reason once the
     * fall back is refused — through the JVM client and the launcher's lane alike.
     */
    @Test
    void aDaemonBrokenForSwitchIsHiddenByTheFallBackAndCaughtWhenTheDaemonIsRequired() throws Exception {
        Require.tools("tmux", "mkfifo");
        try (TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(configDir()).cwd(Files.createDirectories(tmp.resolve("api"))).status("busy").inTmux(tmux, "api");
             StandInAgent web = StandInAgent.builder(configDir()).cwd(Files.createDirectories(tmp.resolve("web"))).status("waiting").inTmux(tmux, "web")) {
            env.put("FLEET_DAEMON_FAIL_OPS", "switch");
            try (DaemonProcess d = startAfter(tmux, api, web)) {
                env.remove("FLEET_DAEMON_FAIL_OPS");
                awaitDaemonLocated(2);
                attachClient(tmux, outer, tmp, "api");
                Exec.Result hidden = fleet(true, "switch", "web");
                assertEquals(0, hidden.exit(), hidden.err());
                assertEquals("web", clientSession(tmux), "the fall back did the switch: a test checking only this passes");

                tmux.run("switch-client", "-t", "api");
                Exec.Result caught = served("switch", "web");
                assertEquals(5, caught.exit(), caught.err());
                assertEquals("fleet: the daemon did not serve this request: switch: the daemon answered: "
                        + "deliberately broken for 'switch' (FLEET_DAEMON_FAIL_OPS)\n", caught.err());
                assertEquals("api", clientSession(tmux), "and nothing switched");

                LauncherCopy lane = LauncherCopy.in(tmp.resolve("copy"), true);
                Map<String, String> e = new HashMap<>(env);
                e.put("FLEET_DAEMON_REQUIRED", "1");
                Exec.Result viaLane = lane.run(e, "switch", "web");
                assertEquals(5, viaLane.exit(), viaLane.err());
                assertEquals("fleet: the daemon did not serve this request: the daemon handed the request over: "
                        + "switch failed in the daemon: deliberately broken for 'switch' (FLEET_DAEMON_FAIL_OPS)\n", viaLane.err());
                assertEquals("api", clientSession(tmux));
                assertEquals(0, lane.run(e, "ls", "--json").exit(), "what is not broken is served");
            }
        }
    }

    @Test
    void startStatusSigtermSecondDaemonAndSystemdUnit() throws Exception {
        Exec.Result start = fleet(true, "daemon", "start");
        assertEquals(0, start.exit(), start.err());
        assertTrue(start.out().startsWith("fleet daemon started (pid "), start.out());
        long pid = Long.parseLong(start.out().replaceAll("(?s).*\\(pid (\\d+),.*", "$1"));
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        try {
            Exec.Result st = fleet(true, "daemon", "status", "--json");
            assertEquals(0, st.exit(), st.err());
            Map<String, Object> s = Json.parseObject(st.out());
            assertEquals(pid, Json.lng(s, "pid", -1));
            assertEquals(configDir().toString(), s.get("config_dir"));
            assertTrue(fleet(true, "daemon", "status").out().contains("pid      " + pid));
            assertTrue(fleet(true, "daemon", "start").out().contains("already running (pid " + pid), "start is idempotent");

            // a second daemon refuses to run while one answers
            Exec.Result second = Exec.withTimeout(Duration.ofSeconds(60)).run(DaemonProcess.java("daemon", "run"), env, null);
            assertEquals(5, second.exit(), second.out() + second.err());
            assertTrue(second.err().contains("already running (pid " + pid + ")"), second.err());

            // SIGTERM: a clean stop that removes the socket
            Path sock = dev.fleet.core.daemon.SocketPaths.socket(env);
            assertTrue(Files.exists(sock));
            h.destroy();
            h.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(Files.exists(sock), "SIGTERM removes the socket");
            String log = Files.readString(tmp.resolve("state/fleet/daemon.log"));
            assertTrue(log.contains("stopped"), log);
        } finally {
            if (h.isAlive()) h.destroyForcibly();
        }

        Exec.Result inst = fleet(true, "daemon", "install");
        assertEquals(0, inst.exit(), inst.err());
        Path unit = tmp.resolve("config/systemd/user/fleet.service");
        String text = Files.readString(unit);
        assertTrue(text.contains("ExecStart=") && text.contains("\"daemon\" \"run\""), text);
        assertTrue(text.contains("Environment=\"CLAUDE_CONFIG_DIR=" + configDir() + "\""), text);
        assertTrue(inst.out().contains("systemctl --user enable --now fleet.service"), inst.out());
        assertNotEquals(-1, text.indexOf("[Install]"));
    }
}
