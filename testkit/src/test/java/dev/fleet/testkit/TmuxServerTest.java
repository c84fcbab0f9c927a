package dev.fleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmuxServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * Each test's {@code -L} servers live in that test's own TMUX_TMPDIR, the one its fleet is given: a
     * scan of tmux's default socket dir by one test never meets another test's servers.
     */
    @Test
    void namedServersLiveInTheTestsOwnSocketDirWhichItsFleetIsGiven() {
        Path own = dev.fleet.testguard.TestDirs.tmuxTmpdir();
        try (TmuxServer tmux = TmuxServer.named()) {
            tmux.newSession("mine", null, "sleep", "60");
            assertTrue(tmux.socketPath().startsWith(own), tmux.socketPath() + " under " + own);
            assertEquals(own.toString(), dev.fleet.testguard.TestDirs.isolatedEnv().get("TMUX_TMPDIR"));
            assertFalse(own.toString().equals(System.getenv("TMUX_TMPDIR")), "not the module-wide socket dir");
            // tmux itself, asked for the server by name in the module-wide dir, does not find it there
            String name = tmux.socketPath().getFileName().toString();
            dev.fleet.core.exec.Exec.Result r = dev.fleet.core.exec.Exec.withTimeout(WAIT).run(
                    List.of("tmux", "-L", name, "has-session", "-t", "mine"),
                    Map.of("TMUX_TMPDIR", System.getenv().getOrDefault("TMUX_TMPDIR", "/tmp")), null);
            assertFalse(r.ok() && r.err().isEmpty(), "the module-wide dir has no " + name);
        }
    }

    @Test
    void namedServerRunsPanesWithQuotedArgvAndCleansUp(@TempDir Path tmp) throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("dir with 'quote' and $x"));
        ProcessHandle pane;
        Path socket;
        try (TmuxServer tmux = TmuxServer.named()) {
            TmuxServer.Pane p = tmux.newSession("s1", cwd, "sh", "-c", "printf 'arg=[%s] cwd=[%s] tmux=[%s]\\n' \"$1\" \"$PWD\" \"$TMUX\"; exec cat",
                    "sh", "a b; $(echo no) 'q'");
            assertTrue(p.id().matches("%\\d+"), p.id());
            socket = tmux.socketPath();
            tmux.waitForText(p.id(), "arg=\\[a b; \\$\\(echo no\\) 'q'\\]", WAIT);
            String screen = tmux.capturePane(p.id());
            assertTrue(screen.contains("cwd=[" + cwd + "]"), screen);
            assertTrue(screen.contains("tmux=[" + socket + ","), "TMUX points at the private server: " + screen);
            assertTrue(Files.exists(socket), "socket at " + socket);
            assertEquals("200 50", tmux.display(p.id(), "#{window_width} #{window_height}"));

            tmux.sendText(p.id(), "Enter C-c literally");
            tmux.sendKeys(p.id(), "Enter");
            tmux.waitForText(p.id(), "^Enter C-c literally$", WAIT);
            pane = ProcessHandle.of(p.pid()).orElseThrow();
        }
        assertFalse(Files.exists(socket), "socket removed");
        assertFalse(pane.isAlive(), "pane process killed");
    }

    @Test
    void pathServerMakesWindowsAndSplitsWithTheirOwnPids(@TempDir Path tmp) {
        try (TmuxServer tmux = TmuxServer.atPath()) {
            assertTrue(tmux.socketPath().toString().matches("/tmp/fleet-test-[0-9a-f]+\\.sock"), tmux.socketPath().toString());
            TmuxServer.Pane first = tmux.newSession("main", tmp, "sleep", "1000");
            TmuxServer.Pane win = tmux.newWindow("main", tmp, Map.of("FLEET_X", "y z"), List.of("sh", "-c", "echo \"x=$FLEET_X\"; exec sleep 1000"));
            TmuxServer.Pane split = tmux.splitWindow(win.id(), tmp, "sh", "-c", "echo split-here; exec sleep 1000");
            tmux.waitForText(win.id(), "^x=y z$", WAIT);
            tmux.waitForText(split.id(), "^split-here$", WAIT);
            assertEquals(Integer.toString(split.pid()), tmux.display(split.id(), "#{pane_pid}"));
            assertEquals(3, tmux.run("list-panes", "-a", "-F", "#{pane_id}").strip().split("\n").length);
            assertEquals("2", tmux.display(win.id(), "#{window_panes}"));
            assertTrue(tmux.hasSession("main"));
            assertFalse(tmux.hasSession("mai"), "exact names only");
            TmuxServer.Pane viaTarget = tmux.newPane("other", tmp, Map.of(), List.of("sleep", "1000"));
            assertEquals("other", tmux.display(viaTarget.id(), "#{session_name}"));
            assertTrue(first.pid() != win.pid() && win.pid() != split.pid());
        }
    }

    @Test
    void waitForTextFailsWithWhatThePaneShowed(@TempDir Path tmp) {
        try (TmuxServer tmux = TmuxServer.named()) {
            TmuxServer.Pane p = tmux.newSession("w", tmp, "sh", "-c", "echo something-else; exec sleep 1000");
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> tmux.waitForText(p.id(), "never-shown", Duration.ofMillis(800)));
            assertTrue(e.getMessage().contains("something-else"), e.getMessage());
        }
    }
}
