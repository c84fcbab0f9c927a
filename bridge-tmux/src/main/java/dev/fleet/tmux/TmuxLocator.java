package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentDiscovery;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Locator;
import dev.fleet.core.util.Ids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the tmux pane of every agent: one query per server, then for each agent the pane whose
 * {@code pane_pid} is the agent or one of its ancestors. {@code TMUX_PANE} from the agent's environ is
 * only a hint and is never trusted without the walk.
 */
public final class TmuxLocator implements Locator {
    /** {@code --tmux-socket PATH} on the command line, repeatable. */
    public static final String SOCKET_OPTION = "tmux-socket";

    @Override
    public String layer() {
        return "tmux";
    }

    @Override
    public int order() {
        return 100;
    }

    /** Every reachable server of the user, queried once each. */
    public static List<ServerView> servers(LocateContext ctx, List<Agent> agents) {
        Path defaultDir = TmuxSockets.defaultDir(ctx.env("TMUX_TMPDIR"), Ids.uid());
        List<ServerView> views = new ArrayList<>();
        for (Path socket : TmuxSockets.discover(defaultDir, agents, ctx.env("TMUX"), ctx.option(SOCKET_OPTION))) {
            try {
                Optional<ServerView> v = ServerView.query(new Tmux(ctx.exec(), socket));
                if (v.isPresent()) views.add(v.get());
                else ctx.verbose().accept("tmux: no server answers at " + socket + " (stale socket), skipped");
            } catch (TmuxException | ExecException e) {
                ctx.warn().accept(e.getMessage());
            }
        }
        return views;
    }

    /** Sessions fleet's workspace links to agents' sessions; never where an agent "lives". */
    public static final String LINKED_PREFIX = "fleet-ws-";

    /** The session an agent "is in": the user's own before fleet's linked views, an attached one first. */
    static int rowRank(PaneRow p) {
        boolean linked = p.sessionName().startsWith(LINKED_PREFIX);
        return (linked ? 2 : 0) + (p.sessionAttached() > 0 ? 0 : 1);
    }

    @Override
    public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        if (agents.isEmpty()) return agents;
        Path defaultDir = TmuxSockets.defaultDir(ctx.env("TMUX_TMPDIR"), Ids.uid());
        Map<Integer, PaneRow> byPanePid = new HashMap<>();
        Map<PaneRow, ServerView> serverOf = new HashMap<>();
        for (ServerView v : servers(ctx, agents)) {
            for (PaneRow p : v.panes()) {
                // In grouped sessions a pane is listed once per session of the group: keep the best row.
                PaneRow old = byPanePid.get(p.panePid());
                if (old == null || rowRank(p) < rowRank(old)) byPanePid.put(p.panePid(), p);
                serverOf.put(p, v);
            }
        }
        List<Agent> out = new ArrayList<>(agents.size());
        for (Agent a : agents) {
            PaneRow pane = null;
            for (int pid : ctx.proc().ancestry(a.pid())) {
                pane = byPanePid.get(pid);
                if (pane != null) break;
            }
            String hint = a.hints().get("TMUX_PANE");
            if (pane == null) {
                if (hint != null) ctx.verbose().accept("tmux: pid " + a.pid() + " claims pane " + hint
                        + " but no pane's process is its ancestor; not in tmux");
                out.add(a);
                continue;
            }
            if (hint != null && !hint.equals(pane.paneId())) {
                ctx.verbose().accept("tmux: pid " + a.pid() + " has TMUX_PANE=" + hint + ", but its process tree says "
                        + pane.paneId() + " (using the tree)");
            }
            ServerView server = serverOf.get(pane);
            List<TmuxClient> clients = server.clientsShowing(pane);
            List<TmuxClient> users = server.userClients();
            TmuxClient fallback = clients.isEmpty() && !users.isEmpty() ? users.get(0) : null;
            TmuxPane loc = new TmuxPane(server.socket(), server.serverPid(), pane, clients, fallback, defaultDir);
            Agent located = a.withLocation(loc);
            if (!loc.candidates().isEmpty()) {
                // Terminal and window-manager variables live in the client's environment, not the agent's.
                Set<String> keys = AgentDiscovery.HINT_KEYS;
                located = located.withHints(ctx.proc().environ(loc.candidates().get(0).pid(), keys));
            }
            out.add(located);
        }
        return out;
    }
}
