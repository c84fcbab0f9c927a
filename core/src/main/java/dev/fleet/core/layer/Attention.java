package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import java.util.List;
import java.util.Map;

/**
 * Optional capability of a {@link Layer}: show, where the user already looks, which agents wait for
 * them (a tmux option a status line can show, a tab title, a window manager's urgency hint).
 *
 * <p>An instance holds what it has set, so that it can change only what differs and take everything
 * back: {@link Layer#attention()} hands out a fresh one per caller (the daemon's mark reactor keeps one
 * per layer for its life). It is told the whole picture each time rather than one agent at a time
 * because one mark may stand for several agents (a tmux window, a kitty tab, a terminal window that
 * shows a tmux session with several agents): it stays while any of them waits.
 */
public interface Attention {
    /**
     * Makes this layer's marks show {@code agents}: marked while an agent is {@code WAITING}, not marked
     * otherwise; whatever this instance set for an agent no longer in the list (or no longer at the same
     * place) is removed. Agents this layer did not locate are ignored. Touches the environment only
     * where something changed. Never throws for a failure of the environment (a server gone, a window
     * closed): it says so through {@code ctx.verbose()} and goes on.
     */
    void show(FocusContext ctx, List<Agent> agents);

    /** Removes every mark this instance set (the daemon stops): nothing of fleet's is left behind. */
    default void clear(FocusContext ctx) {
        show(ctx, List.of());
    }

    /**
     * What this instance has set, one JSON-shaped entry per mark, with what is needed to take it back
     * exactly (a kitty tab's own title). The daemon keeps it in a file after each change so that marks a
     * daemon killed with SIGKILL left behind can be {@link #adopt adopted} by the next one.
     */
    default List<Map<String, Object>> ledger() {
        return List.of();
    }

    /**
     * Takes as its own the marks of a {@link #ledger()} written by an instance that can no longer clear
     * them (its daemon was killed): the next {@link #show} keeps those still wanted (not set twice) and
     * takes back the others exactly, as if this instance had set them. Entries it cannot read are ignored.
     */
    default void adopt(List<Map<String, Object>> ledger) {}
}
