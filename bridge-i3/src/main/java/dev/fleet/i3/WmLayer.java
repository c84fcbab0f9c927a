package dev.fleet.i3;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.locate.LocateContext;
import java.util.List;
import java.util.Set;

/**
 * i3 and sway, the outermost layer: the container of the terminal window an agent runs in. Registered
 * in {@code META-INF/services/dev.fleet.core.layer.Layer}; the work is done by {@link WmLocator},
 * {@link WmFocuser} and {@link WmProbe}.
 */
public final class WmLayer implements Layer {
    /**
     * Where the window manager is ({@code I3SOCK}, {@code SWAYSOCK}; {@code DISPLAY} to ask i3;
     * {@code WAYLAND_DISPLAY} and {@code XDG_RUNTIME_DIR} where sway's socket lives) and the X window the
     * terminal exported ({@code WINDOWID}).
     */
    private static final Set<String> HINTS = Set.of("I3SOCK", "SWAYSOCK", "WAYLAND_DISPLAY", "DISPLAY", "WINDOWID",
            "XDG_RUNTIME_DIR");

    private final WmLocator locator = new WmLocator();
    private final WmFocuser focuser = new WmFocuser();
    private final WmProbe probe = new WmProbe();

    @Override
    public String id() {
        return "wm";
    }

    @Override
    public int depth() {
        return 300;
    }

    @Override
    public Set<String> hintEnv() {
        return HINTS;
    }

    @Override
    public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        return locator.locate(ctx, agents);
    }

    @Override
    public List<FocusStep> planFocus(FocusContext ctx, Agent agent) {
        return focuser.plan(ctx, agent);
    }

    @Override
    public List<Finding> probe(LocateContext ctx, List<Agent> agents) {
        return probe.probe(ctx, agents);
    }
}
