package dev.fleet.cli;

import java.util.function.Function;

/** Agent labels (session id → text). The label store arrives with the daemon issue; none until then. */
final class Labels {
    private Labels() {}

    static Function<String, String> lookup(Settings s, Console c) {
        return id -> null;
    }
}
