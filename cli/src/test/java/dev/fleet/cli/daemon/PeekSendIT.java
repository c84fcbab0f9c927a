package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.ClaudeAgent;
import dev.fleet.testkit.ClaudeCode;
import dev.fleet.testkit.FakeModelApi;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet peek} and {@code fleet send} on real Claude Code agents in tmux, against the fake model
 * API. Every outcome is checked independently of fleet: the pane with our own {@code capture-pane}, what
 * Claude Code took with its own transcript and session file.
 */
class PeekSendIT {
    private static final Duration STATE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void peekShowsTheScreenAndSendIsVerifiedMultiLineDataDraftAndRefusedAtAPrompt() throws Exception {
        Require.tool("tmux");
        Require.claudeCode();
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.named(); ClaudeCode claude = ClaudeCode.create(api)) {
            api.replyWithBash("needs-ok-61", "touch needs-ok-61", "Done.");
            Path alphaDir = Files.createDirectories(tmp.resolve("alpha")), gateDir = Files.createDirectories(tmp.resolve("gate")),
                    draftDir = Files.createDirectories(tmp.resolve("drafty"));
            claude.trust(alphaDir, gateDir, draftDir);
            ClaudeAgent alpha = claude.startInTmux(tmux, "alpha", alphaDir);
            ClaudeAgent gate = claude.startInTmux(tmux, "gate", gateDir);
            ClaudeAgent drafty = claude.startInTmux(tmux, "drafty", draftDir);
            Map<String, String> env = env(claude);

            // peek: what tmux itself shows for the pane
            peekMatchesCapture(env, tmux, alpha, "alpha");

            // send --verify: Claude Code turned busy and wrote the message to its transcript
            Exec.Result sent = FleetProcess.run(env, "send", "alpha", "hello", "send-51", "--verify", "--json");
            assertEquals(0, sent.exit(), sent.err() + sent.out());
            Map<String, Object> rep = Json.parseObject(sent.out());
            assertEquals("accepted", rep.get("outcome"), sent.out());
            assertEquals(Map.of("busy", true, "transcript", true), rep.get("verified"), sent.out());
            assertTrue(userMessages(claude, alpha).contains("hello send-51"), userMessages(claude, alpha).toString());
            alpha.awaitStatus("idle", STATE);

            // multi-line text, shell syntax and a leading '-' arrive whole, as data
            String multi = "-first line; $(touch pwned) `id` 'q' \"dq\" && |\n\tsecond line\nthird ends here";
            Exec.Result ml = FleetProcess.run(env, "send", "--verify", "--json", "alpha", "--", multi);
            assertEquals(0, ml.exit(), ml.err());
            assertEquals(Boolean.TRUE, ((Map<?, ?>) Json.parseObject(ml.out()).get("verified")).get("transcript"), ml.out());
            // Claude Code itself stores a pasted tab as four spaces (2.1.330); every other byte is as sent
            assertTrue(userMessages(claude, alpha).contains(multi.replace("\t", "    ")),
                    "transcript user messages: " + userMessages(claude, alpha));
            assertFalse(Files.exists(alphaDir.resolve("pwned")));
            alpha.awaitStatus("idle", STATE);

            // control characters are refused in one line, and nothing is typed
            int before = userMessages(claude, alpha).size();
            Exec.Result ctl = FleetProcess.run(env, "send", "alpha", "ring\u0007bell");
            assertEquals(2, ctl.exit(), ctl.err());
            assertEquals(1, ctl.err().strip().lines().count(), ctl.err());
            assertTrue(ctl.err().contains("U+0007"), ctl.err());
            Thread.sleep(500);
            assertEquals(before, userMessages(claude, alpha).size());
            assertFalse(alpha.screen().contains("ring"), alpha.screen());

            // --no-submit --verify: a draft, said with its own exit code; Claude Code did not take it
            Exec.Result draft = FleetProcess.run(env, "send", "drafty", "draft-text-77", "--no-submit", "--verify");
            assertEquals(6, draft.exit(), draft.err());
            assertTrue(tmux.capturePane(drafty.paneId()).contains("draft-text-77"), tmux.capturePane(drafty.paneId()));
            assertEquals("idle", drafty.status());
            assertFalse(userMessages(claude, drafty).contains("draft-text-77"));

            // at a permission prompt: refused, the prompt still there afterwards
            gate.prompt("please needs-ok-61");
            gate.awaitStatus("waiting", STATE);
            tmux.waitForText(gate.paneId(), ClaudeAgent.PERMISSION_PROMPT, STATE);
            Exec.Result refused = FleetProcess.run(env, "send", "gate", "2", "--verify");
            assertEquals(8, refused.exit(), refused.err());
            assertTrue(refused.err().contains("permission prompt"), refused.err());
            Thread.sleep(1000);
            assertTrue(tmux.capturePane(gate.paneId()).contains("Do you want to proceed?"), tmux.capturePane(gate.paneId()));
            assertEquals("waiting", gate.status());
            assertFalse(Files.exists(gateDir.resolve("needs-ok-61")));

            Exec.Result none = FleetProcess.run(env, "send", "zzz-none", "x");
            assertEquals(1, none.exit(), none.err());
        }
    }

    @Test
    void theDaemonServesPeekAndSend() throws Exception {
        Require.tool("tmux");
        Require.claudeCode();
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fps-");
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.named(); ClaudeCode claude = ClaudeCode.create(api)) {
            Path dir = Files.createDirectories(tmp.resolve("served"));
            claude.trust(dir);
            Files.createDirectories(claude.configDir().resolve("sessions"));
            Map<String, String> env = env(claude);
            env.put("XDG_RUNTIME_DIR", runtime.toString());
            env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
            try (DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
                ClaudeAgent agent = claude.startInTmux(tmux, "served", dir);
                Map<String, String> required = new HashMap<>(env);
                required.put("FLEET_DAEMON_REQUIRED", "1");
                awaitListed(required, agent);
                peekMatchesCapture(required, tmux, agent, "served");
                Exec.Result sent = FleetProcess.run(required, "send", "served", "--verify", "--", "-served line one\nline two");
                assertEquals(0, sent.exit(), sent.err());
                assertTrue(userMessages(claude, agent).contains("-served line one\nline two"), userMessages(claude, agent).toString());
                try (DaemonClient c = DaemonClient.connect(d.socket)) {
                    Map<String, Object> st = c.call(Map.of("v", 1, "op", "status"), Duration.ofSeconds(5));
                    Map<?, ?> ops = (Map<?, ?>) st.get("served_ops");
                    assertTrue(((Number) ops.get("peek")).intValue() >= 1, st.toString());
                    assertEquals(1, ((Number) ops.get("send")).intValue(), st.toString());
                }
            }
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    private Map<String, String> env(ClaudeCode claude) {
        Map<String, String> env = new HashMap<>();
        env.put("CLAUDE_CONFIG_DIR", claude.configDir().toString());
        env.put("HOME", tmp.toString());
        return env;
    }

    /** fleet peek prints what our own capture-pane shows (an idle Claude Code screen is still; a few tries for a redraw). */
    private static void peekMatchesCapture(Map<String, String> env, TmuxServer tmux, ClaudeAgent agent, String query) {
        String last = "";
        for (int i = 0; i < 5; i++) {
            Exec.Result peek = FleetProcess.run(env, "peek", query);
            assertEquals(0, peek.exit(), peek.err());
            String own = trimmed(tmux.run("capture-pane", "-p", "-t", agent.paneId()));
            if (peek.out().equals(own)) {
                assertTrue(own.contains("? for shortcuts"), own);
                Exec.Result two = FleetProcess.run(env, "peek", query, "--lines", "2");
                assertEquals(0, two.exit(), two.err());
                assertEquals(2, two.out().lines().count(), two.out());
                assertTrue(own.endsWith(two.out()), two.out());
                return;
            }
            last = "fleet peek:\n" + peek.out() + "\ncapture-pane:\n" + own;
        }
        throw new AssertionError(last);
    }

    private static String trimmed(String s) {
        List<String> rows = new ArrayList<>(List.of(s.split("\n", -1)));
        while (!rows.isEmpty() && rows.get(rows.size() - 1).isBlank()) rows.remove(rows.size() - 1);
        StringBuilder b = new StringBuilder();
        for (String r : rows) b.append(r).append('\n');
        return b.toString();
    }

    private static void awaitListed(Map<String, String> env, ClaudeAgent agent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Exec.Result ls = FleetProcess.run(env, "ls", "--json");
            if (ls.exit() == 0 && ls.out().contains("\"pid\" : " + agent.pid())) return;
            Thread.sleep(200);
        }
        throw new AssertionError("the daemon did not list agent " + agent.pid());
    }

    /** The prompts the user gave, from Claude Code's own transcript (type user, plain text content). */
    @SuppressWarnings("unchecked")
    private static List<String> userMessages(ClaudeCode claude, ClaudeAgent agent) throws Exception {
        String id = Json.str(agent.session(), "sessionId");
        List<String> out = new ArrayList<>();
        Path file;
        try (Stream<Path> s = Files.walk(claude.configDir().resolve("projects"))) {
            file = s.filter(p -> p.getFileName().toString().equals(id + ".jsonl")).findFirst().orElse(null);
        }
        if (file == null) return out;
        for (String line : Files.readAllLines(file)) {
            Map<String, Object> e;
            try {
                e = Json.parseObject(line);
            } catch (RuntimeException ex) {
                continue;
            }
            if (!"user".equals(e.get("type")) || Boolean.TRUE.equals(e.get("isMeta"))) continue;
            Object content = ((Map<String, Object>) e.get("message")).get("content");
            if (content instanceof String str) out.add(str);
            else if (content instanceof List<?> l) {
                for (Object o : l) if (o instanceof Map<?, ?> m && "text".equals(m.get("type"))) out.add((String) m.get("text"));
            }
        }
        return out;
    }
}
