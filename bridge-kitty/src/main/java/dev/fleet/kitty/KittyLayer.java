package dev.fleet.kitty;

import dev.fleet.core.layer.Attention;
import dev.fleet.core.layer.PartsLayer;
import dev.fleet.core.layer.ScreenReader;
import dev.fleet.core.layer.TextSender;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * kitty, the terminal layer: the kitty window (and tab, and OS window) an agent or the tmux client
 * showing it runs in. Registered in {@code META-INF/services/dev.fleet.core.layer.Layer}. It reads
 * kitty's own variables from agents, plus {@code TERM_PROGRAM} (which terminal program an agent runs
 * in, shown in {@code ls --json}).
 */
public final class KittyLayer extends PartsLayer {
    public KittyLayer() {
        super("kitty", 200, hints(), () -> new KittyLocator()::locate, () -> new KittyFocuser()::plan,
                () -> new KittyProbe()::probe);
    }

    private static Set<String> hints() {
        Set<String> h = new HashSet<>(KittyLocator.KEYS);
        h.add("TERM_PROGRAM");
        return h;
    }

    /** A waiting agent's tab gets a title prefix: a fresh tracker per caller. */
    @Override
    public Optional<Attention> attention() {
        return Optional.of(new KittyAttention(KittyClient.DEFAULT_TIMEOUT));
    }

    /** The text of the window an agent runs in directly: {@code get-text}. */
    @Override
    public Optional<ScreenReader> screen() {
        return Optional.of(new KittyScreen());
    }

    /** Bracketed text into the window an agent runs in directly: {@code send-text}, then Enter. */
    @Override
    public Optional<TextSender> input() {
        return Optional.of(new KittyInput());
    }
}
