package dev.fleet.core.focus;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.proc.ProcSnapshot;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What focus planners and steps may use: the /proc snapshot, fleet's environment, a runner, a sink
 * for verbose notes and flags from the command line ("attach" → "true").
 */
public record FocusContext(
        ProcSnapshot proc,
        Map<String, String> env,
        Exec exec,
        Consumer<String> verbose,
        Map<String, String> flags) {

    /**
     * Flag: the agent's place comes from the daemon's picture, which may be seconds old. A layer whose
     * choice depends on what the picture cannot know (tmux: which client the user used last) refuses
     * with a {@link FocusException}, and the agent is then located afresh.
     */
    public static final String PICTURED = "pictured";

    public boolean flag(String name) {
        return "true".equals(flags.get(name));
    }

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
