package dev.fleet.core.claude;

import java.util.Comparator;

/** Listing order: waiting first (longest waiting first), then busy, idle, unknown, dead (most recent first). */
public final class AgentOrder {
    private AgentOrder() {}

    public static final Comparator<Agent> LISTING = (a, b) -> {
        int r = Integer.compare(a.state().rank(), b.state().rank());
        if (r != 0) return r;
        int t = a.state() == AgentState.WAITING
                ? Long.compare(waitStart(a), waitStart(b))
                : Long.compare(b.stateSince(), a.stateSince());
        return t != 0 ? t : Integer.compare(a.pid(), b.pid());
    };

    static long waitStart(Agent a) {
        return a.waitingSince() != null ? a.waitingSince() : a.stateSince();
    }
}
