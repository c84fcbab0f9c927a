package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import java.util.Optional;

/** Optional capability of a {@link Layer}: the text an agent's screen shows. */
public interface ScreenReader {
    /**
     * The text the agent's screen shows now, its trailing blank lines dropped; empty when this layer did
     * not locate the agent (or, for an outer layer, the agent is not what its window runs directly).
     *
     * @param lines at most this many lines, the last ones; 0 for the visible screen as it is. More lines
     *              than the screen holds reach into the scrollback where the layer keeps one.
     * @param ansi  keep the colours and attributes as escape sequences
     * @throws dev.fleet.core.focus.FocusException when the layer located the agent but could not read it
     */
    Optional<String> read(FocusContext ctx, Agent agent, int lines, boolean ansi);

    /** The last {@code lines} lines of {@code text} (all for 0), after dropping its trailing blank lines. */
    static String lastLines(String text, int lines) {
        String[] rows = text.split("\n", -1);
        int end = rows.length;
        while (end > 0 && rows[end - 1].isBlank()) end--;
        int start = lines > 0 ? Math.max(0, end - lines) : 0;
        StringBuilder b = new StringBuilder();
        for (int i = start; i < end; i++) b.append(rows[i]).append('\n');
        return b.toString();
    }
}
