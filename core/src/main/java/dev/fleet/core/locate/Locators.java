package dev.fleet.core.locate;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.layer.Layers;
import java.util.List;

/**
 * The locate half of {@link Layers}, under its old name: kept only while {@code FleetScan} and the
 * daemon's {@code PictureKeeper} (moving to their own module in this wave) still take it. New code uses
 * {@link Layers}.
 */
public final class Locators {
    private final Layers layers;

    public Locators(List<? extends Layer> chain) {
        this(new Layers(chain));
    }

    private Locators(Layers layers) {
        this.layers = layers;
    }

    public static Locators load() {
        return new Locators(Layers.load());
    }

    public Layers layers() {
        return layers;
    }

    public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        return layers.locate(ctx, agents);
    }
}
