package dev.fleet.core.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.core.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ls --json}'s agent: the same bytes every run for the same agent. Its {@code env} hints are read
 * through sets (each layer's variables), whose order differs from JVM to JVM, so the field is by name.
 */
class AgentJsonTest {
    @Test
    void envIsWrittenByNameWhateverOrderTheHintsCameIn() {
        Map<String, String> hints = new LinkedHashMap<>();
        hints.put("TMUX_PANE", "%3");
        hints.put("DISPLAY", ":0");
        hints.put("KITTY_WINDOW_ID", "7");
        hints.put("I3SOCK", "/run/user/1000/i3/ipc");
        Agent a = new Agent(42, "sid-42", "api", null, null, null, "/w", null, AgentState.IDLE, 0, null, 0, null, hints, List.of());
        Map<?, ?> env = (Map<?, ?>) Json.parseObject(Json.write(a.toJson())).get("env");
        assertEquals(List.of("DISPLAY", "I3SOCK", "KITTY_WINDOW_ID", "TMUX_PANE"), List.copyOf(env.keySet()));
    }
}
