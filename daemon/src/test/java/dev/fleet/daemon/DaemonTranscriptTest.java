package dev.fleet.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Transcripts;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Claude Code version that stays {@code busy} while it asks a question (anthropics/claude-code #85192):
 * only its transcript changes. The daemon's picture must turn waiting within a second anyway, and back to
 * busy once the answer is in the transcript — with the session file never touched. The lines are shaped
 * like those Claude Code 2.1.330 wrote in a real run (see the cli's TranscriptQuestionIT for the real thing).
 */
class DaemonTranscriptTest {
    @Test
    void aQuestionOnlyTheTranscriptShowsTurnsTheAgentWaitingWithinASecond(@TempDir Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            int pid = f.agent("asker", "busy");
            Path transcript = transcriptAskedToAsk(f, pid);
            Path sessionFile = f.configDir.resolve("sessions/" + pid + ".json");
            byte[] sessionBefore = Files.readAllBytes(sessionFile);
            long sessionMtime = Files.getLastModifiedTime(sessionFile).toMillis();

            f.start();
            try (DaemonClient sub = DaemonClient.connect(f.socket())) {
                sub.send(Map.of("v", 1, "op", "subscribe"));
                Map<String, Object> first = Json.parseObject(sub.readLine(Duration.ofSeconds(10)));
                assertEquals("busy", agentState(first, pid), first.toString());

                long t0 = System.currentTimeMillis();
                Files.writeString(transcript, "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_q1\",\"name\":\"AskUserQuestion\",\"input\":{\"questions\":[]}}]},\"timestamp\":\"2026-11-30T08:21:37.398Z\"}\n"
                        + "{\"type\":\"tools-used\",\"tools\":[\"AskUserQuestion\"]}\n", StandardOpenOption.APPEND);
                Map<String, Object> waiting = nextState(sub, pid, "waiting");
                long took = System.currentTimeMillis() - t0;
                System.err.println("[transcript] waiting " + took + " ms after the question reached the transcript");
                assertTrue(took < 1000, "the picture turned waiting " + took + " ms after the transcript changed");
                assertEquals("busy", waiting.get("from"));
                assertEquals("question", agent(waiting).get("waiting_for"));
                assertTrue(waiting.get("waiting_since") != null);

                Map<?, ?> listed = (Map<?, ?>) ((List<?>) f.call(DaemonFixture.req("op", "list")).get("agents")).get(0);
                assertEquals("waiting", listed.get("state"));
                assertEquals("question", listed.get("waiting_for"));

                t0 = System.currentTimeMillis();
                Files.writeString(transcript, "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                        + "\"tool_use_id\":\"toolu_q1\",\"content\":\"answered\"}]}}\n", StandardOpenOption.APPEND);
                Map<String, Object> busy = nextState(sub, pid, "busy");
                took = System.currentTimeMillis() - t0;
                assertTrue(took < 1000, "the picture turned busy again " + took + " ms after the answer");
                assertNull(agent(busy).get("waiting_for"));
                assertNull(busy.get("waiting_since"));
            }
            assertArrayEquals(sessionBefore, Files.readAllBytes(sessionFile), "the session file was never rewritten");
            assertEquals(sessionMtime, Files.getLastModifiedTime(sessionFile).toMillis());
        }
    }

    /**
     * The order Claude Code 2.1.330 really writes in (seen in a real run): {@code status: waiting} first,
     * the AskUserQuestion call in the transcript ~100 ms later. The reason must still become "question",
     * with the session file not written again.
     */
    @Test
    void aReasonThatReachesTheTranscriptAfterTheWaitingStatusStillArrives(@TempDir Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            int pid = f.agent("asker", "busy");
            Path transcript = transcriptAskedToAsk(f, pid);
            f.start();
            f.setStatus(pid, "waiting");
            long deadline = System.currentTimeMillis() + 5000;
            while (!"waiting".equals(listed(f).get("state")) && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertEquals("waiting", listed(f).get("state"));
            assertNull(listed(f).get("waiting_for"), "no reason yet: the transcript has not said");

            long t0 = System.currentTimeMillis();
            Files.writeString(transcript, "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                    + "\"id\":\"toolu_q2\",\"name\":\"AskUserQuestion\",\"input\":{\"questions\":[]}}]},\"timestamp\":\"2026-11-30T08:21:37.398Z\"}\n",
                    StandardOpenOption.APPEND);
            deadline = t0 + 5000;
            while (!"question".equals(listed(f).get("waiting_for")) && System.currentTimeMillis() < deadline) Thread.sleep(20);
            long took = System.currentTimeMillis() - t0;
            assertEquals("question", listed(f).get("waiting_for"), "the reason that came after the state");
            assertTrue(took < 1000, "the reason arrived " + took + " ms after the transcript changed");
        }
    }

    /** The busy agent's transcript where Claude Code keeps it, holding the user's "please ask". */
    private static Path transcriptAskedToAsk(DaemonFixture f, int pid) throws Exception {
        Map<String, Object> s = f.session(pid);
        String sid = Json.str(s, "sessionId");
        Path transcript = Files.createDirectories(f.configDir.resolve("projects")
                .resolve(Transcripts.projectDirName(Json.str(s, "cwd")))).resolve(sid + ".jsonl");
        Files.writeString(transcript, "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"please ask\"},\"sessionId\":\"" + sid + "\"}\n");
        return transcript;
    }

    private static Map<?, ?> listed(DaemonFixture f) throws Exception {
        return (Map<?, ?>) ((List<?>) f.call(DaemonFixture.req("op", "list")).get("agents")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> agent(Map<String, Object> ev) {
        return (Map<String, Object>) ev.get("agent");
    }

    private static String agentState(Map<String, Object> subscribed, int pid) {
        for (Object o : (List<?>) subscribed.get("agents")) {
            Map<?, ?> a = (Map<?, ?>) o;
            if (((Number) a.get("pid")).intValue() == pid) return (String) a.get("state");
        }
        return null;
    }

    /** The next state event of {@code pid} to {@code state} (others skipped), within 5 s. */
    private static Map<String, Object> nextState(DaemonClient sub, int pid, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            String line = sub.readLine(Duration.ofSeconds(5));
            assertTrue(line != null, "the daemon closed the subscription");
            Map<String, Object> ev = Json.parseObject(line);
            if ("state".equals(ev.get("event")) && Json.lng(ev, "pid", -1) == pid && state.equals(ev.get("to"))) return ev;
        }
        throw new AssertionError("no state event to " + state + " for pid " + pid);
    }
}
