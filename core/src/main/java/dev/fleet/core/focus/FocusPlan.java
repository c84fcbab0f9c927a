package dev.fleet.core.focus;

import dev.fleet.core.claude.Agent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The steps, outermost layer first, that put one agent in front. */
public record FocusPlan(Agent agent, List<FocusStep> steps) {

    /** Asks every focuser on the class path (ServiceLoader) for its steps, in layer order. */
    public static FocusPlan build(FocusContext ctx, Agent agent, List<Focuser> focusers) {
        List<Focuser> sorted = new ArrayList<>(focusers);
        sorted.sort(Comparator.comparingInt(Focuser::order));
        List<FocusStep> steps = new ArrayList<>();
        for (Focuser f : sorted) steps.addAll(f.plan(ctx, agent));
        return new FocusPlan(agent, List.copyOf(steps));
    }

    private static volatile List<Focuser> loaded;

    /** Every focuser on the class path, looked up once per JVM. */
    public static List<Focuser> loadFocusers() {
        List<Focuser> l = loaded;
        if (l == null) {
            List<Focuser> found = new ArrayList<>();
            ServiceLoader.load(Focuser.class).forEach(found::add);
            loaded = l = List.copyOf(found);
        }
        return l;
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
