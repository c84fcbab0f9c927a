package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;

/** Optional capability of a {@link Layer}: show that an agent waits for the user (a tab colour, a bell, an urgency hint). */
public interface Attention {
    /**
     * Sets or clears the mark on the agent's location in this layer; does nothing when the layer did not
     * locate the agent. Throws {@link dev.fleet.core.focus.FocusException} saying what failed.
     */
    void mark(FocusContext ctx, Agent agent, boolean waiting);
}
