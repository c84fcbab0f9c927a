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
}
