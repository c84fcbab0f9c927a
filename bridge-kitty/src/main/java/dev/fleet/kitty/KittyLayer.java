package dev.fleet.kitty;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.locate.LocateContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * kitty, the terminal layer: the kitty window (and tab, and OS window) an agent or the tmux client
 * showing it runs in. Registered in {@code META-INF/services/dev.fleet.core.layer.Layer}; the work is
 * done by {@link KittyLocator}, {@link KittyFocuser} and {@link KittyProbe}.
 */
public final class KittyLayer implements Layer {
    /** kitty's own variables, plus {@code TERM_PROGRAM}: which terminal program an agent runs in (shown in {@code ls --json}). */
    private static final Set<String> HINTS;

    static {
        Set<String> h = new HashSet<>(KittyLocator.KEYS);
        h.add("TERM_PROGRAM");
        HINTS = Set.copyOf(h);
    }

    private final KittyLocator locator = new KittyLocator();
    private final KittyFocuser focuser = new KittyFocuser();
    private final KittyProbe probe = new KittyProbe();

    @Override
    public String id() {
        return "kitty";
    }

    @Override
    public int depth() {
        return 200;
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
