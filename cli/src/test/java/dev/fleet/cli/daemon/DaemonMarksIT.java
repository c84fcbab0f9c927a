package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testguard.Ci;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet daemon run} as a user runs it marks a waiting agent's tmux pane and window, and SIGTERM
 * (systemd's stop, a logout) takes the marks back: the shutdown hook closes the daemon, which stops its
 * reactors. Read back with tmux's own {@code show-options}.
 */
class DaemonMarksIT {
    @TempDir
    Path tmp;
    Path runtime;
    Path config;
    Map<String, String> env;

    @AfterEach
    void clean() throws Exception {
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
    }

    private static void await(String what, String want, Supplier<String> seen) {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String s;
        while (!(s = seen.get()).equals(want)) {
            if (System.nanoTime() > end) throw new AssertionError(what + ": want '" + want + "', tmux says '" + s + "'");
            Ci.sleep(50);
        }
    }

    /** A user's environment with a runtime directory of its own under /tmp (a socket path's length). */
    private void userEnv() throws Exception {
        Require.tools("tmux");
        runtime = Files.createTempDirectory(Path.of("/tmp"), "fmk-");
        config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        env = LauncherCopy.userEnv(tmp, config, runtime);
    }

    /** A stand-in agent waiting in its own tmux session {@code name}, in a folder of that name. */
    private StandInAgent waiting(TmuxServer tmux, String name) throws Exception {
        return StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve(name))).status("waiting").inTmux(tmux, name);
    }

    /** fleet's options on the agent's pane and window, as {@link #options(TmuxServer, String, String)} reads them. */
    private static Supplier<String> marks(TmuxServer tmux, StandInAgent agent) {
        String window = tmux.display(agent.paneId(), "#{window_id}").strip();
        return () -> options(tmux, agent.paneId(), window);
    }

    @Test
    void sigtermLeavesNoMarkBehind() throws Exception {
        userEnv();
        try (TmuxServer tmux = TmuxServer.named(); StandInAgent agent = waiting(tmux, "api")) {
            Supplier<String> options = marks(tmux, agent);
            try (DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
                await("marks of a waiting agent", "@fleet_since N\n@fleet_state waiting\n@fleet_waiting 1", options);
                d.process.destroy(); // SIGTERM
                assertTrue(d.process.waitFor(20, TimeUnit.SECONDS), "the daemon ends on SIGTERM");
                assertEquals("", options.get(), "fleet's options after SIGTERM; daemon log:\n" + d.logText());
            }
        }
    }

    /** fleet's options on a pane and its window as tmux shows them, the since value as N. */
    static String options(TmuxServer tmux, String pane, String window) {
        return (tmux.run("show-options", "-p", "-t", pane) + tmux.run("show-options", "-w", "-t", window))
                .lines().filter(l -> l.startsWith("@fleet")).map(l -> l.replaceAll("^(@fleet_since) \\d+$", "$1 N"))
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /**
     * SIGKILL leaves the marks (nothing of the daemon runs any more); the next daemon takes them over from
     * its ledger: an agent still waiting stays marked as it was (same since), an agent that stopped waiting
     * meanwhile has its window's mark taken back.
     */
    @Test
    void theNextDaemonTakesOverTheMarksOfASigkilledOne() throws Exception {
        userEnv();
        try (TmuxServer tmux = TmuxServer.named(); StandInAgent api = waiting(tmux, "api"); StandInAgent web = waiting(tmux, "web")) {
            Supplier<String> apiMarks = marks(tmux, api);
            Supplier<String> webMarks = marks(tmux, web);
            String waiting = "@fleet_since N\n@fleet_state waiting\n@fleet_waiting 1";
            String apiSince;
            try (DaemonProcess first = DaemonProcess.start(env, tmp.resolve("first.log"))) {
                await("api marked", waiting, apiMarks);
                await("web marked", waiting, webMarks);
                apiSince = tmux.run("show-options", "-p", "-t", api.paneId(), "-qv", "@fleet_since").strip();
                first.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
                assertTrue(first.process.waitFor(20, TimeUnit.SECONDS));
            }
            assertEquals(waiting, webMarks.get(), "a SIGKILLed daemon cannot take its marks back");
            web.setStatus("idle");
            try (DaemonProcess next = DaemonProcess.start(env, tmp.resolve("next.log"))) {
                await("web no longer waiting: its window's mark is gone", "@fleet_since N\n@fleet_state idle", webMarks);
                assertEquals(waiting, apiMarks.get(), "api still waiting; daemon log:\n" + next.logText());
                assertEquals(apiSince, tmux.run("show-options", "-p", "-t", api.paneId(), "-qv", "@fleet_since").strip(),
                        "api's wait kept its start");
                next.process.destroy();
                assertTrue(next.process.waitFor(20, TimeUnit.SECONDS));
                assertEquals("", apiMarks.get() + webMarks.get(), "after the next daemon's SIGTERM; its log:\n" + next.logText());
            }
        }
    }

    /** With no daemon running, {@code fleet daemon stop} takes back what a SIGKILLed daemon left. */
    @Test
    void daemonStopTakesBackTheMarksOfASigkilledDaemon() throws Exception {
        userEnv();
        try (TmuxServer tmux = TmuxServer.named(); StandInAgent api = waiting(tmux, "api")) {
            Supplier<String> apiMarks = marks(tmux, api);
            try (DaemonProcess first = DaemonProcess.start(env, tmp.resolve("first.log"))) {
                await("api marked", "@fleet_since N\n@fleet_state waiting\n@fleet_waiting 1", apiMarks);
                first.process.destroyForcibly();
                assertTrue(first.process.waitFor(20, TimeUnit.SECONDS));
            }
            ProcessBuilder pb = new ProcessBuilder(DaemonProcess.java("daemon", "stop"));
            pb.environment().putAll(env);
            pb.environment().put("FLEET_AUTOSTART", "0");
            pb.redirectErrorStream(true);
            Process stop = pb.start();
            String out = new String(stop.getInputStream().readAllBytes());
            assertTrue(stop.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, stop.exitValue(), out);
            assertEquals("", apiMarks.get(), "after 'fleet daemon stop': " + out);
        }
    }
}
