package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.locate.LocateContext;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A {@link Layer} assembled from its parts, for bridges that keep locating, focusing and probing in
 * classes of their own: the registered class is then only its constructor, e.g.
 * {@code super("tmux", 100, hints, new TmuxLocator()::locate, new TmuxFocuser()::plan, new TmuxProbe()::probe)}.
 * Optional capabilities are overridden as on any layer.
 */
public abstract class PartsLayer implements Layer {
    private final String id;
    private final int depth;
    private final Set<String> hintEnv;
    private final BiFunction<LocateContext, List<Agent>, List<Agent>> locate;
    private final BiFunction<FocusContext, Agent, List<FocusStep>> planFocus;
    private final BiFunction<LocateContext, List<Agent>, List<Finding>> probe;

    protected PartsLayer(String id, int depth, Set<String> hintEnv,
            BiFunction<LocateContext, List<Agent>, List<Agent>> locate,
            BiFunction<FocusContext, Agent, List<FocusStep>> planFocus,
            BiFunction<LocateContext, List<Agent>, List<Finding>> probe) {
        this.id = id;
        this.depth = depth;
        this.hintEnv = Set.copyOf(hintEnv);
        this.locate = locate;
        this.planFocus = planFocus;
        this.probe = probe;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final int depth() {
        return depth;
    }

    @Override
    public final Set<String> hintEnv() {
        return hintEnv;
    }

    @Override
    public final List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        return locate.apply(ctx, agents);
    }

    @Override
    public final List<FocusStep> planFocus(FocusContext ctx, Agent agent) {
        return planFocus.apply(ctx, agent);
    }

    @Override
    public final List<Finding> probe(LocateContext ctx, List<Agent> agents) {
        return probe.apply(ctx, agents);
    }
}
