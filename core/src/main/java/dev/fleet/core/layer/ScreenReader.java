package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import java.util.Optional;

/** Optional capability of a {@link Layer}: the text an agent's screen shows. */
public interface ScreenReader {
    /** The visible text, last {@code lines} lines at most; empty when this layer did not locate the agent. */
    Optional<String> read(FocusContext ctx, Agent agent, int lines);
}
