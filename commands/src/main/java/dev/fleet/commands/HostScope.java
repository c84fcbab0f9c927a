package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.util.Ids;
import java.util.List;

/**
 * {@code --host H} on peek, send, switch, next, watch and label: whose agents the query is matched against. Without it,
 * this machine's first and another host's only when none here matches — so a remote agent's pid can lose
 * to a local agent's name; with it, only host H's ({@code local} or this machine's name: only this
 * machine's). A host must be one of the hosts file: a typo names the configured hosts instead of
 * becoming an ssh login attempt.
 */
record HostScope(Kind kind, String host) {
    enum Kind { ANY, LOCAL, REMOTE }

    static final OptionSpec OPTION = OptionSpec.value("HOST", "Match only the agents of this host of the hosts file "
            + "('local' or this machine's name: only this machine's).", "--host");

    static final HostScope ANY = new HostScope(Kind.ANY, null);

    /** This machine's agents are candidates. */
    boolean local() {
        return kind != Kind.REMOTE;
    }

    /** Other hosts' agents are candidates. */
    boolean remote() {
        return kind != Kind.LOCAL;
    }

    /**
     * The scope {@code --host} gives; null (one line printed, the caller exits {@link ExitCodes#USAGE}) for a
     * host the hosts file does not name.
     */
    static HostScope of(Args o, Settings s, Console c) {
        String h = o.value("--host", null);
        if (h == null) return ANY;
        if (h.equals(RemoteAgents.LOCAL) || h.equals(Ids.shortHost())) return new HostScope(Kind.LOCAL, h);
        RemoteAgents p = RemoteAgents.load();
        List<String> hosts = p == null ? List.of() : p.hosts(s);
        if (hosts.contains(h)) return new HostScope(Kind.REMOTE, h);
        c.error("--host " + RemoteTarget.printable(h).replace("\n", " ") + ": not a host of the hosts file ("
                + (hosts.isEmpty() ? "it names none" : "hosts: " + String.join(", ", hosts)) + "; '" + RemoteAgents.LOCAL
                + "' is this machine)");
        return null;
    }
}
