package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon's switch through the launcher's lane starts no tmux process: it writes to the control client the
 * daemon keeps on that server. Counted by a {@code tmux} on the daemon's PATH that logs every start; the
 * user's client read back with tmux's own {@code list-clients}; the control client's life read there too.
 */
class DaemonTmuxControlIT {
    @TempDir
    Path tmp;

    private Path wrapperLog;

    /** A PATH whose {@code tmux} logs its arguments, one line per start, then runs the real one. */
    private String loggingPath() throws Exception {
        Path real = Exec.which("tmux");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        wrapperLog = tmp.resolve("tmux-starts.log");
        Files.writeString(wrapperLog, "");
        Path w = bin.resolve("tmux");
        Files.writeString(w, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + wrapperLog + "'\nexec '" + real + "' \"$@\"\n");
        Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwx------"));
        return bin + ":" + System.getenv("PATH");
    }

    private long starts(String containing) throws Exception {
        return Files.readAllLines(wrapperLog).stream().filter(l -> l.contains(containing)).count();
    }

    private static Exec.Result launcher(Path script, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
        argv.addAll(List.of(args));
        return Exec.withTimeout(Duration.ofSeconds(30)).run(argv, env, null);
    }

    private static void await(String what, BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private static void attachUser(TmuxServer outer, TmuxServer agents, String name, String session, Path cwd) {
        List<String> attach = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
        attach.addAll(agents.socketArgs());
        attach.addAll(List.of("attach", "-t", session));
        outer.newSession(name, cwd, attach.toArray(String[]::new));
    }

    @Test
    @SuppressWarnings("unchecked")
    void switchesStartNoTmuxAndTheControlClientFollowsItsServerAndItsDaemon() throws Exception {
        Require.tools("tmux", "mkfifo");
        User u = user(null);
        Path runtime = u.runtime(), config = u.config(), script = u.script();
        Map<String, String> env = u.env(), lane = u.lane();
        try (TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("api"))).status("busy").inTmux(tmux, "api");
             StandInAgent web = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("web"))).status("idle").inTmux(tmux, "web");
             DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
            attachUser(outer, tmux, "term", "api", tmp);
            await("the user's client", () -> !tmux.userClients("#{client_tty}").isEmpty());

            String[] order = {"web", "api", "web", "api", "web", "api"};
            for (String q : order) {
                Exec.Result sw = launcher(script, lane, "switch", q);
                assertEquals(0, sw.exit(), sw.err());
                assertEquals(List.of(q), tmux.userClients("#{client_session}"), "switch " + q);
            }
            assertEquals(0, starts("switch-client"), "no tmux process switched: " + Files.readString(wrapperLog));
            assertEquals(1, starts("-C attach"), "one control client started: " + Files.readString(wrapperLog));
            assertEquals(1, tmux.controlClients().size());
            Map<String, Object> st = Json.parseObject(FleetProcess.run(env, "daemon", "status", "--json").out());
            assertEquals(6L, ((Map<String, Object>) st.get("served_ops")).get("switch"), "all six served by the daemon");

            // the server goes, a new one comes on the same socket with an agent of its own: a new control client
            long before = tmux.controlClients().get(0);
            tmux.run("kill-server");
            try (StandInAgent db = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("db"))).status("idle").inTmux(tmux, "db")) {
                tmux.newSession("spare", tmp, "sleep", "600");
                attachUser(outer, tmux, "term2", "spare", tmp);
                await("the user's client on the new server", () -> !tmux.userClients("#{client_tty}").isEmpty());
                Exec.Result[] sw = new Exec.Result[1];
                await("the daemon to switch to db", () -> {
                    sw[0] = launcher(script, lane, "switch", "db");
                    return sw[0].exit() == 0;
                });
                assertEquals(List.of("db"), tmux.userClients("#{client_session}"));
                assertEquals(1, tmux.controlClients().size());
                assertNotEquals(before, tmux.controlClients().get(0));
                long attaches = starts("-C attach");
                assertEquals(0, launcher(script, lane, "switch", "db").exit());
                assertEquals(attaches, starts("-C attach"), "kept");

                // the daemon is killed (no clean stop): its control client does not outlive it
                Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("kill", "-KILL", Long.toString(d.process.pid())));
                d.process.waitFor();
                await("the control client to go with its daemon", () -> tmux.controlClients().isEmpty());
                assertEquals(1, tmux.userClients("#{client_tty}").size(), "the user's client stays");
            }
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    @Test
    void tmuxControlOffSwitchesByRunningTmux() throws Exception {
        Require.tools("tmux", "mkfifo");
        User u = user("tmux.control = off\n");
        Path runtime = u.runtime(), config = u.config(), script = u.script();
        Map<String, String> env = u.env(), lane = u.lane();
        try (TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("api"))).status("busy").inTmux(tmux, "api");
             StandInAgent web = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("web"))).status("idle").inTmux(tmux, "web");
             DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
            attachUser(outer, tmux, "term", "api", tmp);
            await("the user's client", () -> !tmux.userClients("#{client_tty}").isEmpty());
            Exec.Result sw = launcher(script, lane, "switch", "web");
            assertEquals(0, sw.exit(), sw.err());
            assertEquals(List.of("web"), tmux.userClients("#{client_session}"));
            assertEquals(List.of(), tmux.controlClients(), "no control client");
            assertEquals(1, starts("switch-client"), "the switch ran tmux: " + Files.readString(wrapperLog));
            assertTrue(d.logText().contains("tmux.control = off"), d.logText());
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    /** A user's environment (the logging tmux first on PATH), a launcher copy, and the lane's env (daemon required). */
    private record User(Path runtime, Path config, Map<String, String> env, Path script, Map<String, String> lane) {}

    /** {@code configText}: the user's fleet config file, or null for none. */
    private User user(String configText) throws Exception {
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "ftc-");
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        Map<String, String> env = LauncherCopy.userEnv(tmp, config, runtime);
        env.put("PATH", loggingPath());
        if (configText != null) {
            env.put("XDG_CONFIG_HOME", Files.createDirectories(tmp.resolve("xdg-config/fleet")).getParent().toString());
            Files.writeString(tmp.resolve("xdg-config/fleet/config"), configText);
        }
        Path script = LauncherCopy.in(tmp.resolve("copy"), false).script;
        Map<String, String> lane = new HashMap<>(env);
        lane.put("FLEET_DAEMON_REQUIRED", "1");
        return new User(runtime, config, env, script, lane);
    }
}
