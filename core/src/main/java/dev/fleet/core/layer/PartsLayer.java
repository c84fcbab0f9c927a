package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.locate.LocateContext;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A {@link Layer} assembled from its parts, for bridges that keep locating, focusing and probing in
 * classes of their own: the registered class is then only its constructor, e.g.
 * {@code super("tmux", 100, hints, () -> new TmuxLocator()::locate, () -> new TmuxFocuser()::plan, () -> new TmuxProbe()::probe)}.
 * Each part is made the first time it is used, once per layer: {@code fleet ls} loads every layer and
 * runs only their locators, so it makes no focuser and no probe (nor their static state).
 * Optional capabilities are overridden as on any layer.
 */
public abstract class PartsLayer implements Layer {
    private final String id;
    private final int depth;
    private final Set<String> hintEnv;
    private final Part<BiFunction<LocateContext, List<Agent>, List<Agent>>> locate;
    private final Part<BiFunction<FocusContext, Agent, List<FocusStep>>> planFocus;
    private final Part<BiFunction<LocateContext, List<Agent>, List<Finding>>> probe;

    protected PartsLayer(String id, int depth, Set<String> hintEnv,
            Supplier<BiFunction<LocateContext, List<Agent>, List<Agent>>> locate,
            Supplier<BiFunction<FocusContext, Agent, List<FocusStep>>> planFocus,
            Supplier<BiFunction<LocateContext, List<Agent>, List<Finding>>> probe) {
        this.id = id;
        this.depth = depth;
        this.hintEnv = Set.copyOf(hintEnv);
        this.locate = new Part<>(locate);
        this.planFocus = new Part<>(planFocus);
        this.probe = new Part<>(probe);
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
        return locate.get().apply(ctx, agents);
    }

    @Override
    public final List<FocusStep> planFocus(FocusContext ctx, Agent agent) {
        return planFocus.get().apply(ctx, agent);
    }

    @Override
    public final List<Finding> probe(LocateContext ctx, List<Agent> agents) {
        return probe.get().apply(ctx, agents);
    }

    /** One part, made at its first use (the daemon's threads may race to it: made once, under the lock). */
    private static final class Part<T> {
        private final Supplier<T> make;
        private volatile T made;

        Part(Supplier<T> make) {
            this.make = make;
        }

        T get() {
            T t = made;
            if (t == null) {
                synchronized (this) {
                    t = made;
                    if (t == null) made = t = make.get();
                }
            }
            return t;
        }
    }
}
