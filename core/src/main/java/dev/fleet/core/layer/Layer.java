package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.locate.LocateContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One environment an agent can live in — a tmux pane, a terminal window, a window manager's container —
 * and everything fleet does through it. Each bridge module registers exactly one implementation in
 * {@code META-INF/services/dev.fleet.core.layer.Layer}; core never imports a bridge. {@link Layers}
 * loads them and runs the chain.
 *
 * <p><b>Place in the chain.</b> One number, {@link #depth()}: how far from the agent the layer sits.
 * Locating and probing run innermost first (an outer layer builds on what an inner one found: a kitty
 * window holds the tmux client that shows the pane); focusing runs outermost first (the window manager
 * shows the window in which the terminal selects its tab, in which tmux selects the pane).
 *
 * <p><b>Optional capabilities.</b> What the next features need from some environments but not all —
 * {@link #attention()}, {@link #screen()}, {@link #input()}, {@link #viewer()}, {@link #watcher()} — is offered through a
 * method returning {@link Optional}, empty by default: a layer that cannot do it simply does not
 * override the method, and callers ask {@link Layers#offering} for the layers that can. A capability is
 * a small interface of its own, so a layer can hand out a helper object that holds its own state.
 */
public interface Layer {
    /** The layer's key: "tmux", "kitty", "wm". Also its field in {@code ls --json} and its findings' tag. */
    String id();

    /**
     * Distance from the agent, the one ordering of the chain: locate and probe run in ascending depth,
     * focus in descending depth. tmux 100, terminals 200, window managers 300 (gaps leave room).
     */
    int depth();

    /**
     * The environment variables this layer reads from an agent's process (and, through tmux, from the
     * client showing it); discovery reads the union over the loaded layers and nothing else. They also
     * appear as the agent's {@code env} in {@code ls --json}.
     */
    Set<String> hintEnv();

    /**
     * Returns the agents, each with this layer's location appended when found. One query per
     * server/instance, never one per agent; must not throw for an unreachable server.
     */
    List<Agent> locate(LocateContext ctx, List<Agent> agents);

    /**
     * The steps this layer takes to bring the agent forward, from its locations; empty when the layer is
     * not involved. Planning changes nothing on screen.
     */
    List<FocusStep> planFocus(FocusContext ctx, Agent agent);

    /** For {@code fleet doctor}: what this layer can see and reach here. Never throws: a failure is a finding with a fix. */
    List<Finding> probe(LocateContext ctx, List<Agent> agents);

    /**
     * Whether {@code ls --json} writes this layer's field as {@code null} for an agent it did not locate,
     * instead of leaving it out: a field scripts may rely on being present (tmux's, since the first release).
     */
    default boolean alwaysInJson() {
        return false;
    }

    /** Marks, in this environment, that an agent waits for the user or no longer does. */
    default Optional<Attention> attention() {
        return Optional.empty();
    }

    /** Reads the text an agent's screen shows. */
    default Optional<ScreenReader> screen() {
        return Optional.empty();
    }

    /** Types text into an agent's input. */
    default Optional<TextSender> input() {
        return Optional.empty();
    }

    /** Opens a view of several agents at once (a tiled window of their screens). */
    default Optional<Viewer> viewer() {
        return Optional.empty();
    }

    /** Plans a live read-only view of one agent ({@code fleet watch}). */
    default Optional<Watcher> watcher() {
        return Optional.empty();
    }
}
