package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.json.Json;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.scan.FleetScan;
import dev.fleet.core.util.Ids;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code fleet ls}: every live agent, its state and where it lives. */
public final class ListCommand {
    private ListCommand() {}

    /**
     * {@code --tmux-socket PATH}: handed to the layers as the locate option of that name, which the tmux
     * layer reads its extra server sockets from (an option of the command line, by its name, as a layer
     * reads an environment variable by its name).
     */
    public static final String TMUX_SOCKET_OPTION = "tmux-socket";

    public static FleetScan scanner(Settings s, Console c, List<String> tmuxSockets) {
        return new FleetScan(s.configDir(), s.procRoot(), s.env(),
                Map.of(TMUX_SOCKET_OPTION, tmuxSockets), c::warn, c::verbose,
                Labels.lookup(s, c), Locators.load());
    }

    public static int run(Settings s, Console c, boolean json, boolean all, List<String> tmuxSockets) {
        return run(s, c, json, all, tmuxSockets, List.of());
    }

    /**
     * With hosts ({@code $XDG_CONFIG_HOME/fleet/hosts} or {@code --host}): the remote hosts are asked in
     * the background while this machine is scanned, and every agent gets a HOST ({@link HostsListing}).
     */
    public static int run(Settings s, Console c, boolean json, boolean all, List<String> tmuxSockets, List<String> hosts) {
        // no --host and no hosts file: this machine alone, without loading the hosts module to learn that
        RemoteAgents remote = hosts.isEmpty() && !Files.exists(RemoteAgents.hostsFile(s.env())) ? null : RemoteAgents.load();
        RemoteAgents.Pending pending;
        try {
            pending = HostsListing.ask(remote, s, hosts, all);
        } catch (IllegalArgumentException e) {
            c.error(e.getMessage());
            return ExitCodes.USAGE;
        }
        if (pending == null && !hosts.isEmpty() && !HostsListing.includesLocal(hosts)) {
            c.error("no host to ask: " + String.join(", ", hosts) + (remote == null ? " (this fleet has no hosts module)" : ""));
            return ExitCodes.USAGE;
        }
        boolean multi = pending != null || !hosts.isEmpty();
        if (multi) return HostsListing.run(s, c, json, HostsListing.includesLocal(hosts)
                ? scanner(s, c, tmuxSockets).run(all).agents() : List.of(), pending);
        noConfigDir(s, c);
        List<Agent> agents = scanner(s, c, tmuxSockets).run(all).agents();
        if (json) {
            c.out().println(Json.writePretty(toJson(agents)));
        } else {
            c.out().print(AgentTable.render(agents, System.currentTimeMillis(), s.home().toString(),
                    Style.detect(s.env())));
            if (agents.isEmpty()) c.note("no live Claude Code agents found in " + s.configDir().resolve("sessions"));
        }
        return ExitCodes.OK;
    }

    /** The note a user without Claude Code's config dir gets, the same from the daemon as from a scan. */
    static void noConfigDir(Settings s, Console c) {
        if (!Files.isDirectory(s.configDir())) {
            c.note("no Claude Code config dir at " + s.configDir()
                    + ": no agents (set CLAUDE_CONFIG_DIR if yours lives elsewhere)");
        }
    }

    /** The {@code --json} array: every agent's stable fields, with host and user. */
    public static List<Object> toJson(List<Agent> agents) {
        String host = Ids.shortHost();
        String user = Ids.user();
        List<Object> out = new ArrayList<>();
        for (Agent a : agents) out.add(a.toJson(host, user));
        return out;
    }
}
