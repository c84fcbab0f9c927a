package dev.fleet.tmux;

import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.daemon.DaemonPart;
import java.util.Map;
import java.util.function.Consumer;

/**
 * In the daemon: tmux switches go through {@link TmuxControls}, unless {@code tmux.control = off} in the
 * settings file (then every switch starts a tmux process, and no session shows a client it did not have).
 */
public final class TmuxControlPart implements DaemonPart {
    @Override
    public AutoCloseable start(Map<String, String> env, FleetConfig config, Consumer<String> log) {
        if (!config.bool("tmux.control", true, w -> log.accept("warning: " + w))) {
            log.accept("tmux control clients off (tmux.control = off): each switch runs tmux");
            return null;
        }
        TmuxControls c = new TmuxControls("tmux", log);
        TmuxControls.install(c);
        return c;
    }
}
