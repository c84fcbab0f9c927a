package dev.fleet.cli.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.testkit.desktop.Desktop;
import dev.fleet.testkit.desktop.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet watch --window}: a real terminal window (kitty under i3) holding the read-only view. */
class WatchWindowIT {
    @TempDir
    Path tmp;

    @Test
    void watchWindowOpensAReadOnlyViewThatFitsAndLeavesNothingWhenClosed() throws Exception {
        Require.tools("tmux", "kitty", "Xvfb", "i3");
        try (Desktop desk = Desktop.start(); TmuxServer s = TmuxServer.atPath()) {
            Path cfg = Files.createDirectories(tmp.resolve("claude"));
            StandInAgent agent = StandInAgent.builder(cfg).cwd(Files.createDirectories(tmp.resolve("lonely")))
                    .marker("WATCHED-AGENT").inTmux(s, "work");
            Map<String, String> env = TerminalEnv.of(desk, tmp, cfg);

            Exec.Result r = FleetProcess.run(env, "watch", "lonely", "--window", "--tmux-socket", s.socketPath().toString());
            assertEquals(0, r.exit(), r.err());
            String client = waitForClient(s);
            String[] f = client.split(" "); // pid flags session WxH
            assertTrue(f[1].contains("read-only") && f[2].startsWith("fleet-watch-"), client);
            Map<String, Object> focused = Trees.focused(desk.tree());
            assertTrue(Json.str(focused, "name").startsWith("fleet watch: "), "the new terminal is in front: " + focused);
            // nobody else shows the agent's window: it fits the view (less tmux's status line)
            String[] wh = f[3].split("x");
            assertEquals(wh[0] + "x" + (Integer.parseInt(wh[1]) - 1), s.display(agent.paneId(), "#{window_width}x#{window_height}"));

            ProcessHandle.of(Integer.parseInt(f[0])).orElseThrow().destroy(); // the view ends: its window closes
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && s.run("list-sessions", "-F", "#{session_name}").contains("fleet-watch-")) Thread.sleep(50);
            assertEquals("work", s.run("list-sessions", "-F", "#{session_name}").strip());
            assertEquals("", s.run("list-clients").strip());
            assertTrue(agent.isAlive());
            assertFalse(s.capturePane(agent.paneId()).isBlank());
            agent.close();
        }
    }

    private static String waitForClient(TmuxServer s) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : s.run("list-clients", "-F", "#{client_pid} #{client_flags} #{session_name} #{client_width}x#{client_height}").split("\n")) {
                if (l.contains(" fleet-watch-")) return l;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no watcher client within 20 s");
    }
}
