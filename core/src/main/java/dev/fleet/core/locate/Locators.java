package dev.fleet.core.locate;

import dev.fleet.core.claude.Agent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** All locators on the class path, found through {@link ServiceLoader}, chained innermost first. */
public final class Locators {
    private final List<Locator> chain;

    public Locators(List<Locator> chain) {
        List<Locator> l = new ArrayList<>(chain);
        l.sort(Comparator.comparingInt(Locator::order));
        this.chain = List.copyOf(l);
    }

    /** The class path does not change while fleet runs: look the providers up once per JVM (the daemon switches often). */
    private static volatile Locators loaded;

    public static Locators load() {
        Locators l = loaded;
        if (l == null) {
            List<Locator> found = new ArrayList<>();
            ServiceLoader.load(Locator.class).forEach(found::add);
            loaded = l = new Locators(found);
        }
        return l;
    }

    public List<Locator> chain() {
        return chain;
    }

    /** Runs every locator over the live agents; dead ones are passed through untouched. */
    public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        List<Agent> live = new ArrayList<>();
        for (Agent a : agents) if (a.alive()) live.add(a);
        for (Locator loc : chain) {
            try {
                live = loc.locate(ctx, live);
            } catch (RuntimeException e) {
                ctx.warn().accept(loc.layer() + ": " + e.getMessage());
            }
        }
        List<Agent> out = new ArrayList<>(agents.size());
        int i = 0;
        for (Agent a : agents) out.add(a.alive() ? live.get(i++) : a);
        return out;
    }
}
