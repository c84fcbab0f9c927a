package dev.fleet.core.focus;

import dev.fleet.core.claude.Agent;
import java.util.List;

/**
 * The steps, outermost layer first, that put one agent in front; built by
 * {@link dev.fleet.core.layer.Layers#planFocus}.
 */
public record FocusPlan(Agent agent, List<FocusStep> steps) {

    public FocusPlan {
        steps = List.copyOf(steps);
    }

    /** Runs every step in order; the first failure stops the plan and propagates. */
    public void run(FocusContext ctx) {
        for (FocusStep s : steps) {
            ctx.verbose().accept(s.layer() + ": " + s.describe());
            s.run(ctx);
            ctx.verbose().accept(s.layer() + ": done");
        }
    }
}
