package dev.fleet.core.focus;

import dev.fleet.core.claude.Agent;
import java.util.List;

/**
 * The bridge SPI for bringing an agent to the front, one layer each. Registered in
 * {@code META-INF/services/dev.fleet.core.focus.Focuser}. Plans run outermost layer first.
 */
public interface Focuser {
    String layer();

    /** Lower runs first: window managers 100, terminals 200, tmux 300. */
    int order();

    /**
     * The steps this layer takes for the agent, from its locations; empty when the layer is not
     * involved. Planning must not change anything on screen.
     */
    List<FocusStep> plan(FocusContext ctx, Agent agent);
}
