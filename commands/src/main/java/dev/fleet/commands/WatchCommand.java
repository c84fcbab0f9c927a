package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.layer.Watcher;
import dev.fleet.core.query.AgentQuery;
import dev.fleet.core.query.Match;
import dev.fleet.core.scan.FleetScan;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet watch <query> [--window] [--json]}: a live, read-only view of one agent, planned by the
 * layer it lives in ({@link Watcher}) and run here (this terminal becomes the viewer) or in a new
 * terminal window ({@link WatchWindow}). Not served by the daemon: the viewer needs the caller's terminal.
 */
public final class WatchCommand implements Command {
    private static final Spec SPEC = Spec.of("watch", 25,
            List.of("Watch the agent matching QUERY live, read-only.",
                    "Keys typed into the view never reach the agent. A window that a user's own tmux client shows "
                            + "keeps that client's size; one nobody else shows fits the view. Detaching (prefix, d) "
                            + "or killing the view leaves nothing behind. An agent directly in a kitty window, "
                            + "outside tmux, cannot be watched read-only (exit 4)."),
            List.of(OptionSpec.flag("Open the view in a new terminal window instead of this terminal.", "--window"),
                    OptionSpec.flag("Print the agent and the viewer's command (argv) as JSON; run nothing.", "--json"),
                    LsCommand.TMUX_SOCKET, LsCommand.DEBUG),
            List.of(new PositionalSpec("QUERY", "What to match (as for switch).", 1, -1)));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        FleetScan.Result scan = ListCommand.scanner(s, c, a.values("--tmux-socket")).run(false);
        Optional<Match> m = AgentQuery.choose(scan.agents(), a.words());
        if (m.isEmpty()) return noMatch(c, scan.agents(), a.words());
        Agent agent = m.get().agent();
        FocusContext ctx = new FocusContext(scan.proc(), s.env(), Exec.withTimeout(Duration.ofSeconds(3)), c::verbose, Map.of());
        Optional<Watcher.Plan> plan = plan(ctx, agent);
        if (plan.isEmpty()) {
            c.error(agent.locations().isEmpty()
                    ? agent.displayName() + " (pid " + agent.pid() + ") is in no tmux pane fleet can reach; it cannot be watched"
                    : agent.displayName() + " is at " + AgentTable.where(agent) + ", outside tmux: it cannot be watched "
                            + "read-only (only a tmux pane can be); 'fleet peek' shows its screen");
            return ExitCodes.FOCUS_FAILED;
        }
        Watcher.Plan p = plan.get();
        if (a.flag("--json")) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("agent", agent.toJson());
            j.put("layer", p.layer());
            j.put("window", a.flag("--window"));
            j.put("note", p.note());
            j.put("argv", p.argv());
            c.out().println(Json.writePretty(j));
            return ExitCodes.OK;
        }
        if (a.flag("--window")) return WatchWindow.open(s, c, agent, p);
        c.note(p.note());
        return runHere(c, p.argv());
    }

    /** The first layer, innermost first, that can watch the agent. */
    static Optional<Watcher.Plan> plan(FocusContext ctx, Agent agent) {
        for (Watcher w : Layers.load().offering(Layer::watcher)) {
            Optional<Watcher.Plan> p = w.plan(ctx, agent);
            if (p.isPresent()) return p;
        }
        return Optional.empty();
    }

    /** Runs the viewer in this terminal (the JVM waits; the viewer reads the terminal itself). */
    private static int runHere(Console c, List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).inheritIO().start();
            int code = p.waitFor();
            if (code != 0) {
                c.error("the viewer ended with status " + code + " (" + Shell.join(argv) + ")");
                return ExitCodes.ERROR;
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            c.error("cannot start the viewer: " + e.getMessage());
            return ExitCodes.ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.ERROR;
        }
    }

    static int noMatch(Console c, List<Agent> agents, String query) {
        if (agents.isEmpty()) {
            c.error("no agent matches '" + query + "': no live agents");
            return ExitCodes.NO_MATCH;
        }
        c.error("no agent matches '" + query + "'; closest:");
        for (Agent x : AgentQuery.closest(agents, query, 5)) {
            c.note("  " + x.displayName() + "  " + x.state().label() + "  pid " + x.pid() + "  " + AgentTable.where(x));
        }
        return ExitCodes.NO_MATCH;
    }
}
