package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import java.util.List;
import java.util.Optional;

/**
 * Optional capability of a {@link Layer}: a live, read-only view of one agent's screen ({@code fleet watch}).
 * The layer only plans: it returns the command that, run in a terminal, is the viewer; the caller runs
 * it here or in a new terminal window. The viewer must not pass keys to the agent, must follow the size
 * rule (a window a user's own client shows keeps its size; one nobody shows fits the viewer) and must
 * leave nothing behind when it ends, however it ends.
 */
public interface Watcher {
    /**
     * The viewer for {@code agent}; empty when this layer did not locate it.
     *
     * @param note one line for the user (what is shown, which size rule applies)
     * @param argv the command to run in a terminal, complete (environment changes included, e.g. {@code env -u TMUX})
     */
    record Plan(String layer, String note, List<String> argv) {}

    Optional<Plan> plan(FocusContext ctx, Agent agent);
}
