package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet ls} across machines: this machine's agents (HOST = its short host name) first, then each
 * remote host's, in the hosts file's order. A remote host's listing is data: only printed, never acted on.
 */
final class HostsListing {
    private HostsListing() {}

    /** Whether {@code --host} values (none: every host) include this machine ({@code local} or its name). */
    static boolean includesLocal(List<String> hosts) {
        return hosts.isEmpty() || hosts.contains(RemoteAgents.LOCAL) || hosts.contains(Ids.shortHost());
    }

    /** The remote hosts to ask, started; null when there are none (or no hosts module). */
    static RemoteAgents.Pending ask(RemoteAgents remote, Settings s, List<String> hosts, boolean all) {
        if (remote == null) return null;
        List<String> only = new ArrayList<>();
        for (String h : hosts) if (!h.equals(RemoteAgents.LOCAL) && !h.equals(Ids.shortHost())) only.add(h);
        if (!hosts.isEmpty() && only.isEmpty()) return null; // --host local: this machine only
        return remote.ask(s, only, all);
    }

    static int run(Settings s, Console c, boolean json, List<Agent> local, RemoteAgents.Pending pending) {
        List<RemoteAgents.Listing> remote = pending == null ? List.of() : pending.await(c::warn);
        if (json) {
            List<Object> out = ListCommand.toJson(local);
            for (RemoteAgents.Listing l : remote) out.addAll(l.agents());
            c.out().println(Json.writePretty(out));
        } else {
            c.out().print(AgentTable.renderHosts(Ids.shortHost(), local, remote, System.currentTimeMillis(),
                    s.home().toString(), Style.detect(s.env())));
        }
        return ExitCodes.OK;
    }
}
