package dev.fleet.daemon;

import dev.fleet.commands.RemoteAgents;
import dev.fleet.commands.Settings;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.daemon.Protocol;
import dev.fleet.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The daemon's one hook for other hosts (issue 14): at start it asks the {@link RemoteAgents} provider (module
 * hosts, never imported here) for its streams, one per host, and publishes them in {@link RemoteAgents#RUNNING};
 * {@code list} appends their cached agents to this machine's; the {@code ls} table reads them in
 * {@code LsCommand.serve}; at stop the streams (their ssh processes) end. No answer ever waits on ssh.
 *
 * <p>The hosts' changes join the daemon's change stream ({@link AgentRegistry#relay}): subscribers that take
 * other hosts ({@code subscribe} without {@code local_only}: {@code status --follow}, {@code fleet web}) get
 * their events, with {@code host}; the reactors that want them ({@link Reactor#remoteToo()}: notifications,
 * not marks) get them as {@link AgentChange}s with {@code host}. {@code fleet __stream} subscribes
 * {@code local_only}: a host's stream carries that host's own agents only, so two hosts that list each
 * other never echo one another's agents back.
 */
final class RemoteHosts {
    private RemoteHosts() {}

    /** Starts the streams when a provider is on the class path and the hosts file names hosts; null otherwise. */
    static RemoteAgents.Streams start(Map<String, String> env, Consumer<String> log, AgentRegistry registry) {
        RemoteAgents provider = RemoteAgents.load();
        if (provider == null) return null;
        try {
            RemoteAgents.Streams s = provider.stream(Settings.fromEnv(env), log, ev -> registry.relay(ev, change(ev)));
            if (s != null) RemoteAgents.RUNNING.set(s);
            return s;
        } catch (RuntimeException e) {
            log.accept("warning: no streams from other hosts: " + e.getMessage());
            return null;
        }
    }

    static void stop(RemoteAgents.Streams s) {
        if (s == null) return;
        RemoteAgents.RUNNING.compareAndSet(s, null);
        s.close();
    }

    /**
     * {@code list}'s agents: this machine's pre-serialised array, then every host's cached agents (each with
     * its {@code host}, and {@code stale}/{@code stale_reason} while its stream is down).
     */
    static String listJson(String local) {
        RemoteAgents.Streams s = RemoteAgents.RUNNING.get();
        if (s != null && s.settling()) {
            // its first seconds: the client's direct path asks the hosts (as without a daemon) rather than miss them
            throw new Protocol.Failure(Protocol.BAD_REQUEST, "a host is still connecting: ls asks the hosts directly");
        }
        return withCached(local);
    }

    /** {@code local} (a JSON array) followed by every host's cached agents, settling or not (a subscriber's snapshot). */
    static String withCached(String local) {
        RemoteAgents.Streams s = RemoteAgents.RUNNING.get();
        List<RemoteAgents.Listing> remote = s == null ? List.of() : s.cached();
        StringBuilder b = new StringBuilder(local.strip());
        boolean empty = b.toString().equals("[]");
        int at = b.lastIndexOf("]");
        if (at < 0) return local; // not an array: leave what the registry said
        b.setLength(at);
        for (RemoteAgents.Listing l : remote) {
            for (Map<String, Object> a : l.agents()) {
                if (!empty) b.append(',');
                empty = false;
                b.append(Json.write(a));
            }
        }
        return b.append(']').toString();
    }

    /** A host's event as the reactors take it; null for a kind they do not (stale, or one of a newer fleet). */
    static AgentChange change(Map<String, Object> ev) {
        AgentChange.Kind kind;
        try {
            kind = AgentChange.Kind.valueOf(String.valueOf(ev.get("event")).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!(ev.get("agent") instanceof Map<?, ?> a) || !(ev.get("host") instanceof String host)) return null;
        AgentState from = kind == AgentChange.Kind.STATE && ev.get("from") instanceof String f ? AgentState.fromStatus(f) : null;
        return new AgentChange(kind, agent(a), from, System.currentTimeMillis(), host);
    }

    /**
     * Another host's agent object (checked by its stream: numeric pid, string state) as an {@link Agent}: its
     * name as the label (what it is called there, whatever made it so), no locations nor hints (those are the
     * other host's), no goal.
     */
    static Agent agent(Map<?, ?> a) {
        return new Agent(((Number) a.get("pid")).intValue(), str(a, "session_id"), str(a, "claude_name"), str(a, "name"), null,
                a.get("ctx_pct") instanceof Number n ? n.intValue() : null, str(a, "cwd"), str(a, "branch"),
                AgentState.fromStatus(str(a, "state")), num(a, "state_since"),
                a.get("waiting_since") instanceof Number w ? w.longValue() : null, str(a, "waiting_for"), num(a, "started_at"),
                str(a, "version"), Map.of(), List.of());
    }

    private static String str(Map<?, ?> m, String k) {
        return m.get(k) instanceof String v ? v : null;
    }

    private static long num(Map<?, ?> m, String k) {
        return m.get(k) instanceof Number v ? v.longValue() : 0;
    }
}
