package dev.fleet.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host's watch plan is data: read strictly, about the pid asked, running the host's tmux and nothing else. */
class RemoteWatchTest {
    private static final List<String> TMUX = List.of("env", "-u", "TMUX", "-u", "TMUX_PANE", "tmux", "-u", "-S", "/tmp/tmux-1/default",
            "new-session", "-f", "read-only", "-s", "fleet-watch-1-a", "-t", "$1");

    private static byte[] plan(long pid, String layer, Object argv) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("agent", Map.of("pid", pid, "name", "api"));
        j.put("layer", layer);
        j.put("window", false);
        j.put("note", "watching api");
        j.put("argv", argv);
        return Json.writePretty(j).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTmuxPlanForThePidAskedIsTakenWordForWord() {
        Map<String, Object> j = RemoteWatch.parse(plan(42, "tmux", TMUX), 42);
        assertEquals(TMUX, RemoteWatch.argv(j.get("argv")));
        assertEquals(List.of("tmux", "attach"), RemoteWatch.argv(List.of("tmux", "attach")));
    }

    @Test
    void anArgvThatDoesNotRunTmuxIsRefused() {
        for (List<String> bad : List.of(List.of("sh", "-c", "tmux"), List.of("env", "tmux"), List.of("env", "-u", "TMUX", "-u", "TMUX_PANE", "sh"),
                List.of("/usr/bin/tmux", "attach"), List.of("env", "-u", "TMUX", "-u", "TMUX_PANE"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemoteWatch.argv(bad), bad.toString());
            assertTrue(e.getMessage().startsWith("its argv does not run tmux"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RemoteWatch.argv(List.of()));
        assertThrows(IllegalArgumentException.class, () -> RemoteWatch.argv(List.of("tmux", 3)));
        assertThrows(IllegalArgumentException.class, () -> RemoteWatch.argv(List.of("tmux", "a\0b")));
        assertThrows(IllegalArgumentException.class, () -> RemoteWatch.argv("tmux attach"));
    }

    @Test
    void aPlanAboutAnotherPidAnotherLayerOrNotJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RemoteWatch.parse(plan(43, "tmux", TMUX), 42));
        assertThrows(IllegalArgumentException.class, () -> RemoteWatch.parse(plan(42, "kitty", TMUX), 42));
        assertThrows(RuntimeException.class, () -> RemoteWatch.parse("not json".getBytes(StandardCharsets.UTF_8), 42));
        assertThrows(RuntimeException.class, () -> RemoteWatch.parse("[1]".getBytes(StandardCharsets.UTF_8), 42));
        byte[] huge = new byte[RemoteWatch.MAX_PLAN + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemoteWatch.parse(huge, 42));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }
}
