package dev.fleet.i3;

import dev.fleet.core.layer.Attention;
import dev.fleet.core.layer.PartsLayer;
import java.util.Optional;
import java.util.Set;

/**
 * i3 and sway, the outermost layer: the container of the terminal window an agent runs in. Registered
 * in {@code META-INF/services/dev.fleet.core.layer.Layer}. It reads from agents where the window
 * manager is ({@code I3SOCK}, {@code SWAYSOCK}; {@code DISPLAY} to ask i3; {@code WAYLAND_DISPLAY} and
 * {@code XDG_RUNTIME_DIR} where sway's socket lives) and the X window the terminal exported ({@code WINDOWID}).
 */
public final class WmLayer extends PartsLayer {
    public WmLayer() {
        super("wm", 300, Set.of("I3SOCK", "SWAYSOCK", "WAYLAND_DISPLAY", "DISPLAY", "WINDOWID", "XDG_RUNTIME_DIR"),
                () -> new WmLocator()::locate, () -> new WmFocuser()::plan, () -> new WmProbe()::probe);
    }

    /** Urgency on a waiting agent's container (sway) or X11 window (i3): a fresh tracker per caller. */
    @Override
    public Optional<Attention> attention() {
        return Optional.of(new WmAttention());
    }
}
