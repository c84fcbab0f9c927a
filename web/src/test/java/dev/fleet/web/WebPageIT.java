package dev.fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import dev.fleet.testkit.Browser;
import dev.fleet.testkit.ClaudeAgent;
import dev.fleet.testkit.ClaudeCode;
import dev.fleet.testkit.FakeModelApi;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser (headless Chromium, Playwright) on real Claude Code agents in a private tmux
 * server, with a real daemon and a real fleet web process. What the page shows is compared with what the
 * agents themselves say: their session files (state) and tmux's own capture-pane (screen).
 */
class WebPageIT {
    private static final Duration STATE = Duration.ofSeconds(60);
    private static final Path DRIVER = Path.of("src/test/js/driver.cjs").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    @Timeout(300)
    void thePageListsTheAgentsLiveShowsTheirScreensAndReplies() throws Exception {
        Require.tool("tmux");
        Require.claudeCode();
        Require.browser();
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fwp-");
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.named(); ClaudeCode claude = ClaudeCode.create(api)) {
            api.replySlowly("slow-web-41", "Slow answer done.", Duration.ofSeconds(3));
            api.replyText("xss-probe-42", "<script>alert(1)</script> is shown as text");
            api.replySlowly("reply-web-43", "Reply taken.", Duration.ofSeconds(5));
            api.replyWithBash("needs-ok-44", "touch needs-ok-44", "Done.");
            Path alphaDir = Files.createDirectories(tmp.resolve("alpha")), betaDir = Files.createDirectories(tmp.resolve("beta"));
            claude.trust(alphaDir, betaDir);
            Map<String, String> env = claude.fleetEnv(tmp, runtime);
            try (Fleet daemon = Fleet.daemon(env, tmp.resolve("daemon.log"));
                    Fleet web = Fleet.web(env, tmp.resolve("web.log"));
                    Browser browser = Browser.start(DRIVER)) {
                ClaudeAgent alpha = claude.startInTmux(tmux, "alpha", alphaDir);
                ClaudeAgent beta = claude.startInTmux(tmux, "beta", betaDir);

                // the first visit trades the token for a cookie; the address bar keeps no token
                Map<String, Object> page = browser.call(Map.of("op", "goto", "url", web.url), Duration.ofSeconds(60));
                assertEquals(200, ((Number) page.get("status")).intValue(), page.toString());
                assertFalse(page.get("url").toString().contains("token"), page.toString());

                // the page lists both agents, in the state their session files say
                waitState(browser, alpha, alpha.status(), 15000);
                waitState(browser, beta, beta.status(), 15000);
                Map<?, ?> rowsAnswer = browser.call(Map.of("op", "rows"), Duration.ofSeconds(10));
                String rows = rowsAnswer.toString();
                assertTrue(rows.contains("alpha") && rows.contains("beta"), rows);

                // a state change shows within 1 s of the session file's: asked before the prompt, timed from the file
                browser.post(Map.of("op", "waitState", "pid", alpha.pid(), "state", "busy", "timeout", 30000));
                alpha.prompt("slow-web-41");
                alpha.awaitStatus("busy", STATE);
                long fileBusy = System.nanoTime();
                browser.answer(Duration.ofSeconds(30));
                long lag = (System.nanoTime() - fileBusy) / 1_000_000;
                assertTrue(lag < 1000, "the page showed busy " + lag + " ms after the session file");

                // the selected agent's screen: what tmux itself shows
                browser.call(Map.of("op", "click", "pid", alpha.pid()), Duration.ofSeconds(10));
                alpha.awaitStatus("idle", STATE);
                tmux.waitForText(alpha.paneId(), "Slow answer done", STATE);
                Map<String, Object> shown = browser.call(Map.of("op", "waitScreen", "text", "Slow answer done.", "timeout", 5000), Duration.ofSeconds(10));
                String own = tmux.capturePane(alpha.paneId());
                for (String line : List.of("slow-web-41", "Slow answer done.")) {
                    assertTrue(own.contains(line) && shown.get("text").toString().contains(line), "tmux:\n" + own + "\npage:\n" + shown.get("text"));
                }

                // a reload shows it at once (the replay), still selected
                browser.call(Map.of("op", "reload"), Duration.ofSeconds(20));
                Map<String, Object> again = browser.call(Map.of("op", "waitScreen", "text", "Slow answer done.", "timeout", 3000), Duration.ofSeconds(10));
                assertTrue(((Number) again.get("ms")).longValue() < 1500, "the screen came " + again.get("ms") + " ms after the reload");

                // an agent printing <script>: shown as text, no script element, no dialog
                browser.call(Map.of("op", "click", "pid", beta.pid()), Duration.ofSeconds(10));
                beta.prompt("xss-probe-42");
                Map<String, Object> xss = browser.call(Map.of("op", "waitScreen", "text", "<script>alert(1)</script> is shown", "timeout", 60000),
                        Duration.ofSeconds(70));
                assertEquals(0, ((Number) xss.get("scripts")).intValue(), xss.get("html").toString());
                assertTrue(xss.get("html").toString().contains("&lt;script&gt;"), xss.get("html").toString());
                beta.awaitStatus("idle", STATE);
                Thread.sleep(300);
                assertEquals(List.of(), browser.call(Map.of("op", "dialogs"), Duration.ofSeconds(10)).get("dialogs"));

                // a reply from the page: accepted, and Claude Code itself turned busy with it
                Map<String, Object> reply = browser.call(Map.of("op", "reply", "text", "reply-web-43 from the page"), Duration.ofSeconds(30));
                assertTrue(reply.get("outcome").toString().startsWith("accepted"), reply.toString());
                beta.awaitStatus("busy", Duration.ofSeconds(3));
                assertTrue(transcriptHas(claude, beta, "reply-web-43 from the page"), "the transcript lacks the reply");

                // waiting first, with why; a reply to an agent at a permission prompt is refused and nothing typed
                beta.awaitStatus("idle", STATE);
                alpha.prompt("needs-ok-44");
                alpha.awaitStatus("waiting", STATE);
                tmux.waitForText(alpha.paneId(), ClaudeAgent.PERMISSION_PROMPT, STATE);
                waitState(browser, alpha, "waiting", 5000);
                List<?> now = (List<?>) browser.call(Map.of("op", "rows"), Duration.ofSeconds(10)).get("rows");
                Map<?, ?> top = (Map<?, ?>) now.get(0);
                assertEquals(String.valueOf(alpha.pid()), top.get("pid"), now.toString());
                assertTrue(top.get("cells").toString().contains("waiting (permission prompt)"), top.toString());
                // (the README's picture: the waiting agent's permission prompt, in colour)
                browser.call(Map.of("op", "click", "pid", alpha.pid()), Duration.ofSeconds(10));
                browser.call(Map.of("op", "waitScreen", "text", "Do you want to proceed?", "timeout", 5000), Duration.ofSeconds(10));
                Path shot = Path.of("target", "web-page.png").toAbsolutePath();
                browser.call(Map.of("op", "screenshot", "path", shot.toString()), Duration.ofSeconds(20));

                // the keyboard: / filters, Esc leaves the filter, Enter selects the highlighted row
                browser.call(Map.of("op", "keys", "keys", List.of("/")), Duration.ofSeconds(10));
                browser.call(Map.of("op", "type", "text", "bet"), Duration.ofSeconds(10));
                browser.call(Map.of("op", "keys", "keys", List.of("Escape", "Enter")), Duration.ofSeconds(10));
                List<?> filtered = (List<?>) browser.call(Map.of("op", "rows"), Duration.ofSeconds(10)).get("rows");
                assertEquals(1, filtered.size(), filtered.toString());
                assertEquals(String.valueOf(beta.pid()), ((Map<?, ?>) filtered.get(0)).get("pid"), filtered.toString());
                browser.call(Map.of("op", "waitScreen", "text", "Reply taken.", "timeout", 5000), Duration.ofSeconds(10));

                // a reply to the agent at a permission prompt: refused, nothing typed
                browser.call(Map.of("op", "keys", "keys", List.of("/", "Control+a", "Backspace", "Escape")), Duration.ofSeconds(10));
                browser.call(Map.of("op", "click", "pid", alpha.pid()), Duration.ofSeconds(10));
                browser.call(Map.of("op", "waitScreen", "text", "Do you want to proceed?", "timeout", 5000), Duration.ofSeconds(10));
                Map<String, Object> refused = browser.call(Map.of("op", "reply", "text", "2"), Duration.ofSeconds(30));
                assertTrue(refused.get("outcome").toString().startsWith("refused"), refused.toString());
                Thread.sleep(500);
                assertEquals("waiting", alpha.status());
                assertTrue(tmux.capturePane(alpha.paneId()).contains("Do you want to proceed?"), tmux.capturePane(alpha.paneId()));
                assertFalse(Files.exists(alphaDir.resolve("needs-ok-44")));

                // "leave as draft": typed, not submitted — Claude Code did not take it
                beta.awaitStatus("idle", STATE);
                browser.call(Map.of("op", "click", "pid", beta.pid()), Duration.ofSeconds(10));
                browser.call(Map.of("op", "eval", "js", "document.getElementById('draft').checked = true"), Duration.ofSeconds(10));
                Map<String, Object> draft = browser.call(Map.of("op", "reply", "text", "draft-web-45"), Duration.ofSeconds(30));
                assertTrue(draft.get("outcome").toString().startsWith("draft"), draft.toString());
                assertTrue(tmux.capturePane(beta.paneId()).contains("draft-web-45"), tmux.capturePane(beta.paneId()));
                assertEquals("idle", beta.status());
                assertFalse(transcriptHas(claude, beta, "draft-web-45"), "a draft reached the transcript");
            }
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    private static void waitState(Browser b, ClaudeAgent a, String state, int ms) {
        b.call(Map.of("op", "waitState", "pid", a.pid(), "state", state, "timeout", ms), Duration.ofMillis(ms + 5000));
    }

    private static boolean transcriptHas(ClaudeCode claude, ClaudeAgent agent, String text) throws Exception {
        String id = Json.str(agent.session(), "sessionId");
        try (var s = Files.walk(claude.configDir().resolve("projects"))) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.getFileName().toString().equals(id + ".jsonl"))::iterator) {
                if (Files.readString(f).contains(text)) return true;
            }
        }
        return false;
    }
}
