package dev.fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testkit.Browser;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's "show on desktop" is {@code fleet switch}: a tmux client (a terminal of its own, inside a second
 * tmux server) showing one agent is moved to the selected one — as tmux itself reports its client. Stand-in
 * agents (the state and the screen need no Claude Code here), a real daemon, fleet web and Chromium.
 */
class WebShowIT {
    @TempDir
    Path tmp;

    @Test
    void showOnDesktopMovesTheTmuxClientToTheSelectedAgent() throws Exception {
        Require.tool("tmux");
        Require.browser();
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fws-");
        Path config = Files.createDirectories(tmp.resolve("claude").resolve("sessions")).getParent();
        Map<String, String> env = new HashMap<>();
        env.put("CLAUDE_CONFIG_DIR", config.toString());
        env.put("HOME", tmp.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        try (TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
                StandInAgent api = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("api"))).status("idle").inTmux(tmux, "api");
                StandInAgent front = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("front"))).status("waiting")
                        .inTmux(tmux, "front")) {
            List<String> attach = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
            attach.addAll(tmux.socketArgs());
            attach.addAll(List.of("attach", "-t", "api"));
            outer.newSession("term", tmp, attach.toArray(String[]::new));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (tmux.userClients("#{client_session}").isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals("api", clientSession(tmux));
            try (Fleet daemon = Fleet.daemon(env, tmp.resolve("daemon.log"));
                    Fleet web = Fleet.web(env, tmp.resolve("web.log"));
                    Browser browser = Browser.start(Path.of("src/test/js/driver.cjs").toAbsolutePath())) {
                browser.call(Map.of("op", "goto", "url", web.url), Duration.ofSeconds(60));
                browser.call(Map.of("op", "waitState", "pid", front.pid(), "state", "waiting", "timeout", 15000), Duration.ofSeconds(20));
                browser.call(Map.of("op", "click", "pid", front.pid()), Duration.ofSeconds(10));
                Map<String, Object> shown = browser.call(Map.of("op", "show"), Duration.ofSeconds(30));
                assertTrue(shown.get("outcome").toString().startsWith("shown"), shown.toString());
                assertEquals("front", clientSession(tmux), "tmux's own client after 'show on desktop'");

                // "more scrollback": lines that left the screen come back, 200 more each time
                StringBuilder lines = new StringBuilder();
                for (int i = 1; i <= 120; i++) lines.append(String.format("sl-%03d-end%n", i));
                tmux.run("send-keys", "-t", front.paneId(), "-l", lines.toString());
                tmux.waitForText(front.paneId(), "sl-120-end", Duration.ofSeconds(10));
                Map<String, Object> screen = browser.call(Map.of("op", "waitScreen", "text", "sl-120-end", "timeout", 5000), Duration.ofSeconds(10));
                assertTrue(!screen.get("text").toString().contains("sl-010-end"), "the screen alone reaches back to line 10: " + screen.get("text"));
                browser.call(Map.of("op", "more"), Duration.ofSeconds(10));
                browser.call(Map.of("op", "waitScreen", "text", "sl-010-end", "timeout", 5000), Duration.ofSeconds(10));
            }
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    /** The session the user's one client shows (not the daemon's control-mode client, which switches use). */
    private static String clientSession(TmuxServer tmux) {
        return String.join("\n", tmux.userClients("#{client_session}")).trim();
    }
}
