package dev.fleet.core.layer;

import dev.fleet.core.util.Services;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.locate.LocateContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The chain of {@link Layer}s: locate and probe innermost first, focus outermost first. */
public final class Layers {
    private final List<Layer> innermostFirst;
    private final List<Layer> outermostFirst;
    private final Set<String> hintEnv;
    private final List<String> alwaysInJson;

    public Layers(List<? extends Layer> layers) {
        List<Layer> l = new ArrayList<>(layers);
        l.sort(Comparator.comparingInt(Layer::depth));
        innermostFirst = List.copyOf(l);
        Collections.reverse(l);
        outermostFirst = List.copyOf(l);
        Set<String> keys = new LinkedHashSet<>();
        List<String> always = new ArrayList<>();
        for (Layer layer : innermostFirst) {
            keys.addAll(layer.hintEnv());
            if (layer.alwaysInJson()) always.add(layer.id());
        }
        hintEnv = Collections.unmodifiableSet(keys);
        alwaysInJson = List.copyOf(always);
    }

    private static volatile Layers loaded;

    /** Every layer on the class path ({@link java.util.ServiceLoader}, once per JVM through {@link Services}). */
    public static Layers load() {
        Layers l = loaded;
        if (l == null) loaded = l = new Layers(Services.load(Layer.class));
        return l;
    }

    /** Locate and probe order. */
    public List<Layer> innermostFirst() {
        return innermostFirst;
    }

    /** Focus order. */
    public List<Layer> outermostFirst() {
        return outermostFirst;
    }

    /** The environment variables any layer reads from an agent's process. */
    public Set<String> hintEnv() {
        return hintEnv;
    }

    /** Layer ids whose {@code ls --json} field is present even when empty, innermost first. */
    public List<String> alwaysInJson() {
        return alwaysInJson;
    }

    /** The capability {@code which} of every layer that offers it, innermost first: {@code offering(Layer::screen)}. */
    public <C> List<C> offering(Function<Layer, Optional<C>> which) {
        List<C> out = new ArrayList<>();
        for (Layer l : innermostFirst) which.apply(l).ifPresent(out::add);
        return out;
    }

    /** Runs every layer over the live agents, innermost first; dead ones are passed through untouched. */
    public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        LocateContext c = ctx.withHintEnv(hintEnv);
        List<Agent> live = new ArrayList<>();
        for (Agent a : agents) if (a.alive()) live.add(a);
        for (Layer layer : innermostFirst) {
            try {
                live = layer.locate(c, live);
            } catch (RuntimeException e) {
                ctx.warn().accept(layer.id() + ": " + e.getMessage());
            }
        }
        List<Agent> out = new ArrayList<>(agents.size());
        int i = 0;
        for (Agent a : agents) out.add(a.alive() ? live.get(i++) : a);
        return out;
    }

    /** Every layer's steps for the agent, outermost first. */
    public FocusPlan planFocus(FocusContext ctx, Agent agent) {
        List<FocusStep> steps = new ArrayList<>();
        for (Layer layer : outermostFirst) steps.addAll(layer.planFocus(ctx, agent));
        return new FocusPlan(agent, steps);
    }

    /** Every layer's doctor findings, innermost first; a layer that throws becomes one warning. */
    public List<Finding> probe(LocateContext ctx, List<Agent> agents) {
        LocateContext c = ctx.withHintEnv(hintEnv);
        List<Finding> out = new ArrayList<>();
        for (Layer layer : innermostFirst) {
            try {
                out.addAll(layer.probe(c, agents));
            } catch (RuntimeException e) {
                out.add(Finding.warn(layer.id(), "probe failed: " + e.getMessage(), "run with --debug and report it"));
            }
        }
        return out;
    }
}
