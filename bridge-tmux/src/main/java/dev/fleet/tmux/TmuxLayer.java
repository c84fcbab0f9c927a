package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.locate.LocateContext;
import java.util.List;
import java.util.Set;

/**
 * tmux, the innermost layer: the pane an agent runs in and the client that shows it. Registered in
 * {@code META-INF/services/dev.fleet.core.layer.Layer}; the work is done by {@link TmuxLocator},
 * {@link TmuxFocuser} and {@link TmuxProbe}.
 */
public final class TmuxLayer implements Layer {
    private final TmuxLocator locator = new TmuxLocator();
    private final TmuxFocuser focuser = new TmuxFocuser();
    private final TmuxProbe probe = new TmuxProbe();

    @Override
    public String id() {
        return "tmux";
    }

    @Override
    public int depth() {
        return 100;
    }

    /** The server and pane the agent's shell was started in: hints, the process tree decides. */
    @Override
    public Set<String> hintEnv() {
        return Set.of("TMUX", "TMUX_PANE");
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

    /** {@code "tmux": null} in {@code ls --json} for an agent outside tmux: the field has always been there. */
    @Override
    public boolean alwaysInJson() {
        return true;
    }
}
