package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;

/** Optional capability of a {@link Layer}: type text into an agent's input, as the user would. */
public interface TextSender {
    /**
     * Sends {@code text} literally (never through a shell), then Enter when {@code submit}; returns false
     * when this layer did not locate the agent. Throws {@link dev.fleet.core.focus.FocusException} on failure.
     */
    boolean send(FocusContext ctx, Agent agent, String text, boolean submit);
}
