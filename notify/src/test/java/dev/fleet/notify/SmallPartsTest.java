package dev.fleet.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The macOS argv, the transcript's wait reason. */
class SmallPartsTest {
    @Test
    void osascriptGetsOneArgvWithEscapedAppleScriptStrings() {
        assertEquals(List.of("osascript", "-e", "display notification \"permission for Bash: echo \\\"hi\\\" \\\\ x\" with title \"api $(rm -rf ~)\""),
                OsaScriptNotifier.argv("api $(rm -rf ~)", "permission for Bash: echo \"hi\" \\ x"));
        assertEquals("\"a b\"", OsaScriptNotifier.literal("a\nb"));
    }

    @Test
    void theTranscriptsLastUnansweredToolCallSaysWhyItWaits() {
        String use = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"Bash\",\"input\":{\"command\":\"touch x\"}}]}}";
        assertEquals("permission for Bash: touch x", WaitReason.fromTail("{\"type\":\"user\"}\n" + use + "\n"));
        assertEquals("permission for Bash: touch x", WaitReason.fromTail("cut-off line\"}\n" + use + "\n{\"type\":\"assist"),
                "a cut first line and a half-written last one are skipped");
        assertEquals(WaitReason.DEFAULT, WaitReason.fromTail(use + "\n{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\"}]}}\n"),
                "answered");
        String ask = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"AskUserQuestion\","
                + "\"input\":{\"questions\":[{\"question\":\"Which DB?\"}]}}]}}";
        assertEquals("asks: Which DB?", WaitReason.fromTail(ask));
        assertEquals(WaitReason.DEFAULT, WaitReason.fromTail(""));
    }

    /** The transcript is found where Claude Code puts it: every character of the cwd but letters and digits is '-'. */
    @Test
    void theTranscriptOfACwdWithOddCharactersIsFound(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cfg) throws Exception {
        String cwd = "/tmp/my_proj v2";
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(cfg.resolve("projects/-tmp-my-proj-v2"));
        String use = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}]}}";
        java.nio.file.Files.writeString(dir.resolve("sid-1.jsonl"), use + "\n");
        dev.fleet.core.claude.Agent a = new dev.fleet.core.claude.Agent(1, "sid-1", "n", null, null, null, cwd, null,
                dev.fleet.core.claude.AgentState.WAITING, 0, 0L, 0, "2.1.330", java.util.Map.of(), List.of());
        assertEquals("permission for Bash: ls", WaitReason.of(a, cfg));
    }

    /**
     * Claude Code marks its session waiting ~100 ms before it writes the tool call to its transcript:
     * a wait that just began looks again for a moment instead of saying "waiting for you".
     */
    @Test
    void aToolCallWrittenJustAfterTheWaitBeganIsStillTheReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("t.jsonl"),
                "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"make x\"}}\n{\"type\":\"mode\"}\n");
        String use = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"Bash\",\"input\":{\"command\":\"touch x\"}}]}}\n";
        assertEquals(WaitReason.DEFAULT, WaitReason.settle(f, 0), "nothing to tell yet");
        Thread late = new Thread(() -> {
            dev.fleet.testguard.Ci.sleep(200);
            try {
                java.nio.file.Files.writeString(f, use, java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        late.start();
        assertEquals("permission for Bash: touch x", WaitReason.settle(f, NotifyReactor.REASON_PATIENCE_MS));
        late.join();
    }
}
