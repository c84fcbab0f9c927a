package dev.fleet.daemon;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentOrder;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.Ids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The daemon's picture of the fleet: live agents keyed by their session file, {@code waiting_since}
 * carried across rewrites, and one event per change for subscribers. Writers are serialised by the
 * keeper's single thread; readers get immutable snapshots (the list reply's JSON is cached until the
 * next change, so {@code list} costs a string copy).
 */
public final class AgentRegistry {
    private final Map<String, Agent> byKey = new HashMap<>();
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Map<String, Object>>> remoteListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<AgentChange>> changeListeners = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;
    private final String host = Ids.shortHost();
    private final String user = Ids.user();
    private volatile List<Agent> sorted = List.of();
    private volatile String listJson = "[]";
    private final List<Map<String, Object>> pending = new ArrayList<>();
    private final List<AgentChange> pendingChanges = new ArrayList<>();
    private volatile long changedAt;

    public AgentRegistry(LongSupplier clock) {
        this.clock = clock;
        this.changedAt = clock.getAsLong();
    }

    public void addListener(Consumer<Map<String, Object>> l) {
        addListener(l, false);
    }

    /** {@code otherHosts}: also the events of other hosts' agents ({@link #relay}); a stream to another host's daemon wants none. */
    public void addListener(Consumer<Map<String, Object>> l, boolean otherHosts) {
        listeners.add(l);
        if (otherHosts) remoteListeners.add(l);
    }

    public void removeListener(Consumer<Map<String, Object>> l) {
        listeners.remove(l);
        remoteListeners.remove(l);
    }

    /**
     * Another host's change, as its stream said it ({@link RemoteHosts}): the event to the subscribers that take
     * other hosts' agents, {@code change} (null for a kind the reactors do not know, e.g. {@code stale}) to the
     * reactors. This machine's picture is untouched: other hosts' agents are kept by their streams.
     */
    public synchronized void relay(Map<String, Object> event, AgentChange change) {
        for (Consumer<Map<String, Object>> l : remoteListeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                // a listener's failure is its own
            }
        }
        if (change == null) return;
        for (Consumer<AgentChange> cl : changeListeners) {
            try {
                cl.accept(change);
            } catch (RuntimeException e) {
                // a listener's failure is its own
            }
        }
    }

    /** Typed changes, for the daemon's {@link Reactor}s; delivered with the JSON events, after publishing. */
    public void addChangeListener(Consumer<AgentChange> l) {
        changeListeners.add(l);
    }

    /** Live agents in listing order (waiting longest first). */
    public List<Agent> agents() {
        return sorted;
    }

    /** The agents as the JSON array {@code fleet ls --json} prints (compact). */
    public String agentsJson() {
        return listJson;
    }

    public long changedAt() {
        return changedAt;
    }

    public synchronized Agent get(String key) {
        return byKey.get(key);
    }

    public synchronized Map<String, Agent> snapshot() {
        return new HashMap<>(byKey);
    }

    /** Replaces the whole picture (a full scan), emitting events for what differs. */
    public synchronized void replaceAll(Map<String, Agent> fresh) {
        for (String k : new ArrayList<>(byKey.keySet())) if (!fresh.containsKey(k)) removeQuiet(k);
        fresh.forEach(this::putQuiet);
        publish();
    }

    /** Adds or updates one agent. */
    public synchronized void put(String key, Agent a) {
        putQuiet(key, a);
        publish();
    }

    public synchronized void remove(String key) {
        if (removeQuiet(key)) publish();
    }

    /** Replaces only the locations (a relocate pass); no events, the listing JSON is rebuilt. */
    public synchronized void relocated(Map<String, Agent> located) {
        boolean any = false;
        for (Map.Entry<String, Agent> e : located.entrySet()) {
            Agent cur = byKey.get(e.getKey());
            if (cur == null || cur.pid() != e.getValue().pid()) continue;
            byKey.put(e.getKey(), withLocations(cur, e.getValue()));
            any = true;
        }
        if (any) publish();
    }

    /** Applies labels (session id → text); emits a label event for each agent whose label changed. */
    public synchronized void relabel(Map<String, String> labels) {
        boolean any = false;
        for (Map.Entry<String, Agent> e : new ArrayList<>(byKey.entrySet())) {
            Agent a = e.getValue();
            String l = labels.get(a.sessionId());
            if (!java.util.Objects.equals(l, a.label())) {
                Agent n = a.withLabel(l);
                byKey.put(e.getKey(), n);
                emit(event("label", n, m -> {
                    m.put("from", a.label());
                    m.put("to", l);
                }));
                any = true;
            }
        }
        if (any) publish();
    }

    private void putQuiet(String key, Agent fresh) {
        Agent old = byKey.get(key);
        Agent a = fresh;
        if (old != null && old.pid() == fresh.pid() && fresh.locations().isEmpty() && !old.locations().isEmpty()) {
            a = withLocations(fresh, old); // a rewrite of the session file does not move the agent
        }
        a = a.withWaitingSince(waitingSince(old, a));
        byKey.put(key, a);
        if (old == null || old.pid() != a.pid() || !java.util.Objects.equals(old.sessionId(), a.sessionId())) {
            if (old != null) emit(event("removed", old, m -> { }));
            emit(event("added", a, m -> { }));
        } else if (old.state() != a.state()) {
            Agent o = old;
            emit(event("state", a, o.state(), m -> {
                m.put("from", o.state().label());
                m.put("to", m.get("state"));
            }));
        } else if (!java.util.Objects.equals(old.label(), a.label())) {
            Agent o = old;
            Agent n = a;
            emit(event("label", a, m -> {
                m.put("from", o.label());
                m.put("to", n.label());
            }));
        }
    }

    private boolean removeQuiet(String key) {
        Agent old = byKey.remove(key);
        if (old == null) return false;
        emit(event("removed", old, m -> { }));
        return true;
    }

    /** Set when an agent starts waiting, kept while it stays waiting, cleared when it leaves. */
    private long nowOr(long t) {
        return t > 0 ? t : clock.getAsLong();
    }

    private Long waitingSince(Agent old, Agent a) {
        if (a.state() != AgentState.WAITING) return null;
        if (old != null && old.pid() == a.pid() && old.state() == AgentState.WAITING && old.waitingSince() != null) {
            return old.waitingSince();
        }
        return nowOr(a.stateSince());
    }

    private static Agent withLocations(Agent target, Agent from) {
        Agent a = target.withoutLocations(); // every other field (waiting_for too) kept
        a = a.withHints(from.hints());
        for (var l : from.locations()) a = a.withLocation(l);
        return a;
    }

    /** The new listing first, then its events: a subscriber that lists on an event sees that change. */
    private void publish() {
        List<Agent> l = new ArrayList<>(byKey.values());
        l.sort(AgentOrder.LISTING);
        sorted = List.copyOf(l);
        listJson = Json.write(toJson(sorted));
        changedAt = clock.getAsLong();
        List<Map<String, Object>> events = new ArrayList<>(pending);
        pending.clear();
        List<AgentChange> changes = new ArrayList<>(pendingChanges);
        pendingChanges.clear();
        for (Map<String, Object> e : events) deliver(e);
        for (AgentChange c : changes) {
            for (Consumer<AgentChange> cl : changeListeners) {
                try {
                    cl.accept(c);
                } catch (RuntimeException e) {
                    // a listener's failure is its own
                }
            }
        }
    }

    /** The {@code fleet ls --json} shape: host, user, then the agent's own fields. */
    public List<Object> toJson(List<Agent> agents) {
        List<Object> out = new ArrayList<>(agents.size());
        for (Agent a : agents) out.add(toJson(a));
        return out;
    }

    public Map<String, Object> toJson(Agent a) {
        return a.toJson(host, user);
    }

    private Map<String, Object> event(String kind, Agent a, Consumer<Map<String, Object>> extra) {
        return event(kind, a, null, extra);
    }

    /** A subscriber's JSON event; its typed twin for the reactors is queued with it. */
    private Map<String, Object> event(String kind, Agent a, AgentState from, Consumer<Map<String, Object>> extra) {
        pendingChanges.add(new AgentChange(AgentChange.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), a, from,
                clock.getAsLong()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", kind);
        m.put("at", clock.getAsLong());
        m.put("host", host); // as other hosts' events have it (theirs: the ssh destination)
        m.put("session_id", a.sessionId());
        m.put("pid", a.pid());
        m.put("name", a.displayName());
        m.put("state", a.state().label());
        m.put("waiting_since", a.waitingSince());
        extra.accept(m);
        m.put("agent", toJson(a));
        return m;
    }

    /** Queued until {@link #publish}: every change that emits events publishes (all callers hold the lock). */
    private void emit(Map<String, Object> event) {
        pending.add(event);
    }

    private void deliver(Map<String, Object> event) {
        for (Consumer<Map<String, Object>> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                // a listener's failure is its own (a subscriber that went away)
            }
        }
    }
}
