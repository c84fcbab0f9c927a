package dev.fleet.hosts;

import dev.fleet.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One host's agents as its {@code fleet __stream} says them: the first line of a connection is the remote
 * daemon's {@code subscribe} snapshot and replaces the picture; then {@code added}/{@code state}/{@code label}
 * put the event's agent, {@code removed} takes it out, {@code ping} and kinds this fleet does not know change
 * nothing (protocol.md). Every line is data, checked as {@link RemoteListing} checks a listing; one that is
 * not the protocol's is {@link RemoteListing.Malformed} (the stream is then dropped and reconnected).
 *
 * <p>Every change of the picture is also said to {@code changes} as a {@code subscribe} event with {@code host}
 * (the daemon's change stream: its subscribers, notifications): an event or a snapshot is compared with the
 * agent kept, and only what differs is said — a reconnect's snapshot of agents that did not change says
 * nothing but {@code stale} (back), so a host coming back with many waiting agents notifies none of them
 * again. An event repeating what the picture shows says nothing.
 */
final class StreamPicture {
    private static final List<String> ORDER = List.of("waiting", "busy", "idle", "unknown");

    private final String host;
    private final Map<String, Map<String, Object>> agents = new LinkedHashMap<>();
    private final Consumer<Map<String, Object>> changes;
    private boolean snapshotSeen;
    /** Whether the last {@code stale} said was "stale" (so "back" is said once, after a snapshot). */
    private boolean saidStale;

    StreamPicture(String host) {
        this(host, e -> { });
    }

    StreamPicture(String host, Consumer<Map<String, Object>> changes) {
        this.host = host;
        this.changes = changes;
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
            Map<String, Map<String, Object>> old = new LinkedHashMap<>(agents);
            agents.clear();
            for (Map<String, Object> a : list) agents.put(key(a), a);
            snapshotSeen = true;
            old.forEach((k, a) -> {
                if (!agents.containsKey(k)) say("removed", a, null);
            });
            boolean back = saidStale;
            saidStale = false;
            for (Map.Entry<String, Map<String, Object>> e : agents.entrySet()) {
                if (!changed(old.get(e.getKey()), e.getValue()) && back && old.containsKey(e.getKey())) {
                    say("stale", e.getValue(), c -> c.put("stale", false)); // unchanged, current again
                }
            }
            return true;
        }
        if (!(m.get("event") instanceof String kind)) throw new RemoteListing.Malformed("a line of its stream is no event");
        switch (kind) {
            case "removed" -> {
                Map<String, Object> gone = agents.remove(key(m));
                if (gone != null) say("removed", gone, null);
            }
            case "added", "state", "label" -> {
                Map<String, Object> a = RemoteListing.agent(m.get("agent"), host);
                if (!agents.containsKey(key(a)) && agents.size() >= RemoteListing.MAX_AGENTS) {
                    throw new RemoteListing.Malformed("it streams more than " + RemoteListing.MAX_AGENTS + " agents");
                }
                changed(agents.put(key(a), a), a);
            }
            default -> { } // ping, or a kind of a newer fleet: nothing to change
        }
        return false;
    }

    /**
     * The host's stream went down ({@code why}): its agents are kept, and said once as {@code stale} events
     * (agent with {@code stale: true} and the reason) — not as gone, nor as no longer waiting.
     */
    synchronized void stale(String why) {
        if (saidStale) return;
        saidStale = true;
        for (Map<String, Object> a : agents.values()) {
            say("stale", a, c -> {
                c.put("stale", true);
                c.put("stale_reason", why);
            });
        }
    }

    /** The host left the hosts file: its agents are gone from the picture, said as {@code removed}. */
    synchronized void forget() {
        for (Map<String, Object> a : agents.values()) say("removed", a, null);
        agents.clear();
    }

    /** Says what differs between {@code old} (null: none) and {@code now}; true when something was said. */
    private boolean changed(Map<String, Object> old, Map<String, Object> now) {
        if (old == null) {
            say("added", now, null);
        } else if (!Objects.equals(old.get("state"), now.get("state"))) {
            say("state", now, e -> {
                e.put("from", old.get("state"));
                e.put("to", now.get("state"));
            });
        } else if (!Objects.equals(old.get("label"), now.get("label"))) {
            say("label", now, e -> {
                e.put("from", old.get("label"));
                e.put("to", now.get("label"));
            });
        } else {
            return false;
        }
        return true;
    }

    /**
     * One event as a subscriber gets it (protocol.md): {@code event}, {@code at}, {@code host}, the agent's
     * {@code session_id}, {@code pid}, {@code name}, {@code state}, {@code waiting_since}, the kind's fields
     * ({@code extra}, which may also mark the agent, e.g. stale), then {@code agent}.
     */
    private void say(String kind, Map<String, Object> agent, Consumer<Map<String, Object>> extra) {
        Map<String, Object> a = new LinkedHashMap<>(agent);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", kind);
        e.put("at", System.currentTimeMillis());
        e.put("host", host);
        e.put("session_id", a.get("session_id"));
        e.put("pid", a.get("pid"));
        e.put("name", a.get("name"));
        e.put("state", a.get("state"));
        e.put("waiting_since", a.get("waiting_since"));
        if (extra != null) extra.accept(e);
        if (e.remove("stale_reason") instanceof String why) a.put("stale_reason", why);
        if (Boolean.TRUE.equals(e.get("stale"))) a.put("stale", true);
        e.put("agent", a);
        try {
            changes.accept(e);
        } catch (RuntimeException x) {
            // the daemon's side: its failure does not break this host's stream
        }
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
