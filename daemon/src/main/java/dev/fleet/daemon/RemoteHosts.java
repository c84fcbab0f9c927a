package dev.fleet.daemon;

import dev.fleet.commands.RemoteAgents;
import dev.fleet.commands.Settings;
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
 */
final class RemoteHosts {
    private RemoteHosts() {}

    /** Starts the streams when a provider is on the class path and the hosts file names hosts; null otherwise. */
    static RemoteAgents.Streams start(Map<String, String> env, Consumer<String> log) {
        RemoteAgents provider = RemoteAgents.load();
        if (provider == null) return null;
        try {
            RemoteAgents.Streams s = provider.stream(Settings.fromEnv(env), log);
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
}
