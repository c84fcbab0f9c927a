package dev.fleet.cli;

import dev.fleet.core.label.LabelStore;
import java.util.function.Function;

/** Agent labels (session id → text), from {@code $XDG_STATE_HOME/fleet/labels.json} (see {@link LabelStore}). */
final class Labels {
    private Labels() {}

    static LabelStore store(Settings s, Console c) {
        return LabelStore.in(s.stateDir(), c::warn);
    }

    static Function<String, String> lookup(Settings s, Console c) {
        return store(s, c)::get;
    }
}
