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

    @AfterEach
    void clean() throws Exception {
        LauncherCopy.deleteTree(runtime);
    }

    private static void await(String what, String want, Supplier<String> seen) {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String s;
        while (!(s = seen.get()).equals(want)) {
            if (System.nanoTime() > end) throw new AssertionError(what + ": want '" + want + "', tmux says '" + s + "'");
            Ci.sleep(50);
        }
    }

    @Test
    void sigtermLeavesNoMarkBehind() throws Exception {
        Require.tools("tmux");
        runtime = Files.createTempDirectory(Path.of("/tmp"), "fmk-");
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        Map<String, String> env = LauncherCopy.userEnv(tmp, config, runtime);
        try (TmuxServer tmux = TmuxServer.named();
             StandInAgent agent = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("api")))
                     .status("waiting").inTmux(tmux, "api")) {
            String pane = agent.paneId();
            String window = tmux.display(pane, "#{window_id}").strip();
            Supplier<String> options = () -> (tmux.run("show-options", "-p", "-t", pane)
                    + tmux.run("show-options", "-w", "-t", window)).strip();
            try (DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
                await("marks of a waiting agent", "@fleet_state waiting\n@fleet_waiting 1", options);
                d.process.destroy(); // SIGTERM
                assertTrue(d.process.waitFor(20, TimeUnit.SECONDS), "the daemon ends on SIGTERM");
                assertEquals("", options.get(), "fleet's options after SIGTERM; daemon log:\n" + d.logText());
            }
        }
    }
}
