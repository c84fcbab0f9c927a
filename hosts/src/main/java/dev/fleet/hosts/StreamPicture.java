package dev.fleet.hosts;

import dev.fleet.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's agents as its {@code fleet __stream} says them: the first line of a connection is the remote
 * daemon's {@code subscribe} snapshot and replaces the picture; then {@code added}/{@code state}/{@code label}
 * put the event's agent, {@code removed} takes it out, {@code ping} and kinds this fleet does not know change
 * nothing (protocol.md). Every line is data, checked as {@link RemoteListing} checks a listing; one that is
 * not the protocol's is {@link RemoteListing.Malformed} (the stream is then dropped and reconnected).
 */
final class StreamPicture {
    private static final List<String> ORDER = List.of("waiting", "busy", "idle", "unknown");

    private final String host;
    private final Map<String, Map<String, Object>> agents = new LinkedHashMap<>();
    private boolean snapshotSeen;

    StreamPicture(String host) {
        this.host = host;
    }

    /** A new connection: its first line must be a snapshot; until then the last picture stands. */
    synchronized void reconnecting() {
        snapshotSeen = false;
    }

    /** Applies one line; returns true when it was this connection's snapshot. */
    synchronized boolean apply(String line) {
        Object v;
        try {
            v = Json.parse(line);
        } catch (RuntimeException e) {
            throw new RemoteListing.Malformed("a line of its stream is not JSON");
        }
        if (!(v instanceof Map<?, ?> m)) throw new RemoteListing.Malformed("a line of its stream is not a JSON object");
        if (!snapshotSeen) {
            if (!Boolean.TRUE.equals(m.get("ok")) || !Boolean.TRUE.equals(m.get("subscribed"))) {
                throw new RemoteListing.Malformed("its stream did not start with the daemon's snapshot");
            }
            List<Map<String, Object>> list = RemoteListing.agents(m.get("agents"), host);
            agents.clear();
            for (Map<String, Object> a : list) agents.put(key(a), a);
            snapshotSeen = true;
            return true;
        }
        if (!(m.get("event") instanceof String kind)) throw new RemoteListing.Malformed("a line of its stream is no event");
        switch (kind) {
            case "removed" -> agents.remove(key(m));
            case "added", "state", "label" -> {
                Map<String, Object> a = RemoteListing.agent(m.get("agent"), host);
                if (!agents.containsKey(key(a)) && agents.size() >= RemoteListing.MAX_AGENTS) {
                    throw new RemoteListing.Malformed("it streams more than " + RemoteListing.MAX_AGENTS + " agents");
                }
                agents.put(key(a), a);
            }
            default -> { } // ping, or a kind of a newer fleet: nothing to change
        }
        return false;
    }

    /**
     * The agents in listing order (waiting, busy, idle, unknown); {@code stale} non-null marks each with
     * {@code stale: true} and the reason.
     */
    synchronized List<Map<String, Object>> agents(String stale) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> a : agents.values()) {
            Map<String, Object> c = new LinkedHashMap<>(a);
            if (stale != null) {
                c.put("stale", true);
                c.put("stale_reason", stale);
            }
            out.add(c);
        }
        out.sort(Comparator.comparingInt(a -> rank(a.get("state"))));
        return out;
    }

    private static int rank(Object state) {
        int i = ORDER.indexOf(state);
        return i < 0 ? ORDER.size() : i;
    }

    /** An agent is its session and its process (a pid change under one session file is removed + added). */
    private static String key(Map<?, ?> m) {
        return m.get("session_id") + "/" + m.get("pid");
    }
}
