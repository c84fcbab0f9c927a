package dev.fleet.commands;

import dev.fleet.core.label.LabelStore;
import java.util.function.Function;

/** Agent labels (session id → text), from {@code $XDG_STATE_HOME/fleet/labels.json} (see {@link LabelStore}). */
public final class Labels {
    private Labels() {}

    public static LabelStore store(Settings s, Console c) {
        return LabelStore.in(s.stateDir(), c::warn);
    }

    public static Function<String, String> lookup(Settings s, Console c) {
        return store(s, c)::get;
    }
}
