package dev.fleet.tmux;

import dev.fleet.core.layer.Attention;
import dev.fleet.core.layer.PartsLayer;
import dev.fleet.core.layer.ScreenReader;
import dev.fleet.core.layer.TextSender;
import dev.fleet.core.layer.Watcher;
import java.util.Optional;
import java.util.Set;

/**
 * tmux, the innermost layer: the pane an agent runs in and the client that shows it. Registered in
 * {@code META-INF/services/dev.fleet.core.layer.Layer}. It reads {@code TMUX} and {@code TMUX_PANE}
 * from agents: hints only, the process tree decides the pane.
 */
public final class TmuxLayer extends PartsLayer {
    public TmuxLayer() {
        super("tmux", 100, Set.of("TMUX", "TMUX_PANE"),
                () -> new TmuxLocator()::locate, () -> new TmuxFocuser()::plan, () -> new TmuxProbe()::probe);
    }

    /** {@code "tmux": null} in {@code ls --json} for an agent outside tmux: the field has always been there. */
    @Override
    public boolean alwaysInJson() {
        return true;
    }

    /** {@code @fleet_state} on agents' panes, {@code @fleet_waiting} on their windows: a fresh tracker per caller. */
    @Override
    public Optional<Attention> attention() {
        return Optional.of(new TmuxAttention());
    }

    /** The pane's text: {@code capture-pane}. */
    @Override
    public Optional<ScreenReader> screen() {
        return Optional.of(new TmuxScreen());
    }

    /** A bracketed paste through a buffer of its own, then Enter. */
    @Override
    public Optional<TextSender> input() {
        return Optional.of(new TmuxInput());
    }

    /** {@code fleet watch}: a read-only client on a throw-away session grouped with the agent's ({@link TmuxWatcher}). */
    @Override
    public Optional<Watcher> watcher() {
        return Optional.of(new TmuxWatcher());
    }
}
