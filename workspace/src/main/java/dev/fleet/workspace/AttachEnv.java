package dev.fleet.workspace;

import java.util.HashMap;
import java.util.Map;

/** The environment of a terminal window fleet opens on {@code tmux attach}. */
final class AttachEnv {
    private AttachEnv() {}

    /**
     * The caller's environment without {@code TMUX} and {@code TMUX_PANE} (mapped to null: removed), since
     * tmux refuses to attach from inside another tmux, and fleet itself often runs in one.
     */
    static Map<String, String> of(Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.put("TMUX", null);
        e.put("TMUX_PANE", null);
        return e;
    }
}
