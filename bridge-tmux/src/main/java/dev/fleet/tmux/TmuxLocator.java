package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.util.Ids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds the tmux pane of every agent: one query per server, then for each agent the pane whose
 * {@code pane_pid} is the agent or one of its ancestors. {@code TMUX_PANE} from the agent's environ is
 * only a hint and is never trusted without the walk.
 */
public final class TmuxLocator {
    /** {@code --tmux-socket PATH} on the command line, repeatable: the locate option by the flag's name. */
    public static final String SOCKET_OPTION = "tmux-socket";

    /** Queries each socket not queried yet; a socket where no server answers is skipped quietly. */
    private static void query(LocateContext ctx, Iterable<Path> sockets, Set<Path> done, List<ServerView> views) {
        for (Path socket : sockets) {
            if (!done.add(socket)) continue;
            try {
                Optional<ServerView> v = ServerView.query(new Tmux(ctx.exec(), socket));
                if (v.isPresent()) views.add(v.get());
                else ctx.verbose().accept("tmux: no server answers at " + socket + " (stale socket), skipped");
            } catch (TmuxException | ExecException e) {
                ctx.warn().accept(e.getMessage());
            }
        }
    }

    private static void index(List<ServerView> views, Map<Integer, PaneRow> byPanePid, Map<PaneRow, ServerView> serverOf) {
        for (ServerView v : views) {
            for (PaneRow p : v.panes()) {
                // In grouped sessions a pane is listed once per session of the group: keep the best row.
                PaneRow old = byPanePid.get(p.panePid());
                if (old == null || rowRank(p) < rowRank(old)) byPanePid.put(p.panePid(), p);
                serverOf.put(p, v);
            }
        }
    }

    /** The pane whose process is the agent or its nearest ancestor. */
    private static PaneRow paneOf(LocateContext ctx, Agent a, Map<Integer, PaneRow> byPanePid) {
        for (int pid : ctx.proc().ancestry(a.pid())) {
            PaneRow pane = byPanePid.get(pid);
            if (pane != null) return pane;
        }
        return null;
    }

    /** Sessions fleet's workspace links to agents' sessions; never where an agent "lives". */
    public static final String LINKED_PREFIX = "fleet-ws-";

    /** The session an agent "is in": the user's own before fleet's linked views, an attached one first. */
    static int rowRank(PaneRow p) {
        boolean linked = p.sessionName().startsWith(LINKED_PREFIX);
        return (linked ? 2 : 0) + (p.sessionAttached() > 0 ? 0 : 1);
    }

    public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        if (agents.isEmpty()) return agents;
        Path defaultDir = TmuxSockets.defaultDir(ctx.env("TMUX_TMPDIR"), Ids.uid());
        Map<Integer, PaneRow> byPanePid = new HashMap<>();
        Map<PaneRow, ServerView> serverOf = new HashMap<>();
        Set<Path> queried = new HashSet<>();
        List<ServerView> views = new ArrayList<>();
        // First the servers the agents name in their TMUX variable (usually all that is needed: one
        // query per server in use, however many stale sockets the directory holds); the rest only when
        // some agent's pane was not found there. The walk below decides either way.
        query(ctx, TmuxSockets.discover(null, agents, null, List.of()), queried, views);
        index(views, byPanePid, serverOf);
        boolean allFound = true;
        for (Agent a : agents) allFound &= paneOf(ctx, a, byPanePid) != null;
        if (!allFound) {
            List<ServerView> more = new ArrayList<>();
            query(ctx, TmuxSockets.discover(defaultDir, agents, ctx.env("TMUX"), ctx.option(SOCKET_OPTION)), queried, more);
            index(more, byPanePid, serverOf);
        }
        List<Agent> out = new ArrayList<>(agents.size());
        for (Agent a : agents) {
            PaneRow pane = paneOf(ctx, a, byPanePid);
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
                // Which of them: whatever the loaded layers ask for (the chain sets ctx.hintEnv()).
                located = located.withHints(ctx.proc().environ(loc.candidates().get(0).pid(), ctx.hintEnv()));
            }
            out.add(located);
        }
        return out;
    }
}
