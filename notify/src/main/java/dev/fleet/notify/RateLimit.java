package dev.fleet.notify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most one new notification per agent per {@code perAgentMs} and {@code perMinute} overall in any
 * 60 s. A refused notification is dropped, not queued: by the time it would show, the agent has
 * usually moved on. Replacing a notification already on screen is not limited (it adds nothing).
 */
final class RateLimit {
    private final long perAgentMs;
    private final int perMinute;
    private final Map<String, Long> lastByAgent = new HashMap<>();
    private final Deque<Long> lastMinute = new ArrayDeque<>();

    RateLimit(long perAgentMs, int perMinute) {
        this.perAgentMs = perAgentMs;
        this.perMinute = perMinute;
    }

    /** Whether a new notification for {@code agent} may show at {@code now} (ms); counts it when it may. */
    boolean allow(String agent, long now) {
        Long last = lastByAgent.get(agent);
        if (last != null && now - last < perAgentMs) return false;
        while (!lastMinute.isEmpty() && now - lastMinute.peekFirst() >= 60_000) lastMinute.removeFirst();
        if (lastMinute.size() >= perMinute) return false;
        lastMinute.addLast(now);
        lastByAgent.put(agent, now);
        return true;
    }

    void forget(String agent) {
        lastByAgent.remove(agent);
    }
}
