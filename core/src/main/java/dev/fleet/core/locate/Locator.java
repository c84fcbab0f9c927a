package dev.fleet.core.locate;

import dev.fleet.core.claude.Agent;
import java.util.List;

/**
 * The bridge SPI for finding where agents live. Each bridge module registers one implementation in
 * {@code META-INF/services/dev.fleet.core.locate.Locator}; core never imports a bridge.
 * Locators run in {@link #order()}, innermost layer first, so an outer layer (a kitty window, an i3
 * container) can build on what an inner one found (the tmux client that shows a pane).
 */
public interface Locator {
    /** The layer this locator adds: "tmux", "kitty", "wm". */
    String layer();

    /** Lower runs first: tmux 100, terminals 200, window managers 300. */
    int order();

    /**
     * Returns the agents, each with the location of this layer appended when it was found. Must do one
     * query per server/instance, never one per agent, and must not throw for an unreachable server.
     */
    List<Agent> locate(LocateContext ctx, List<Agent> agents);
}
