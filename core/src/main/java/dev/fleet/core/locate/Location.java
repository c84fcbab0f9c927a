package dev.fleet.core.locate;

import dev.fleet.core.json.JsonWritable;

/**
 * One layer of where an agent lives: a tmux pane, a kitty window, an i3 container. Bridges define the
 * concrete records; an agent's locations form a chain from the inside out.
 */
public interface Location extends JsonWritable {
    /** The layer's key, also the agent's JSON field for it: "tmux", "kitty", "wm". */
    String layer();

    /** A short human form for the WHERE column, e.g. {@code tmux fleet:%12 work:2.0}. */
    String where();

    /**
     * Processes, innermost first, through which the next outer layer reaches this one: for a tmux pane
     * the pids of the clients showing it (a terminal window holds the client, not the agent). Empty
     * means "use the agent's own pid".
     */
    default java.util.List<Integer> hostPids() {
        return java.util.List.of();
    }

    /** Names a query may match, e.g. the tmux session name and pane id. */
    default java.util.List<String> names() {
        return java.util.List.of();
    }
}
