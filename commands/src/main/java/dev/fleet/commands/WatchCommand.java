package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.layer.Watcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet watch <query> [--window] [--json]}: a live, read-only view of one agent, planned by the
 * layer it lives in ({@link Watcher}) and run here (this terminal becomes the viewer) or in a new
 * terminal window ({@link WatchWindow}). The daemon serves the plan ({@code watch --json}, on its
 * picture); the viewer itself always runs on the caller's side, which has the terminal.
 */
public final class WatchCommand implements Command {
    private static final Spec SPEC = Spec.of("watch", 25,
            List.of("Watch the agent matching QUERY live, read-only.",
                    "Keys typed into the view never reach the agent. A window that a user's own tmux client shows "
                            + "keeps that client's size; one nobody else shows fits the view. Detaching (prefix, d) "
                            + "or killing the view leaves nothing behind. An agent directly in a kitty window, "
                            + "outside tmux, cannot be watched read-only (exit 4). An agent of another host: its fleet plans the view "
                            + "there and it runs here through ssh -t."),
            List.of(OptionSpec.flag("Open the view in a new terminal window instead of this terminal.", "--window"),
                    OptionSpec.flag("Print the agent and the viewer's command (argv) as JSON; run nothing.", "--json"),
                    HostScope.OPTION, LsCommand.TMUX_SOCKET, LsCommand.DEBUG),
            List.of(new PositionalSpec("QUERY", "What to match (as for switch).", 1, -1)))
            // no lane form: a lane answers with what the daemon printed, and only the plan can be served
            .served("watch", List.of());

    @Override
    public Spec spec() {
        return SPEC;
    }

    /** The plan from the daemon when one answers, else from a scan here; then run here unless --json. */
    @Override
    public int run(Args a, Settings s, Console c) {
        Optional<ServedPlan.Reply> served = ServedPlan.plan(s, "watch",
                ServedPlan.args(a, List.of("--window", "--debug"), List.of("--tmux-socket", "--host")));
        if (served.isEmpty()) return plan(a, s, c, null);
        ServedPlan.Reply r = served.get();
        if (a.flag("--json") || r.exit() != ExitCodes.OK) return r.relay(c);
        String name;
        Watcher.Plan p;
        try {
            Map<String, Object> j = r.json();
            name = Json.str(Json.obj(j, "agent"), "name");
            if (j.get("host") instanceof String h) name += " on " + h;
            List<String> argv = new ArrayList<>();
            for (Object o : Json.arr(j, "argv")) argv.add((String) o);
            p = new Watcher.Plan(Json.str(j, "layer"), Json.str(j, "note"), argv);
        } catch (RuntimeException e) {
            return ServedPlan.unreadable(c, "watch", e);
        }
        return view(a, s, c, name, p);
    }

    /** The daemon's path: the plan from its picture, printed as JSON (the caller runs it). */
    @Override
    public int serve(Args a, Settings s, Console c, List<Agent> picture, boolean tty) {
        return plan(a, s, c, picture);
    }

    /**
     * Chooses the agent (from a full scan, or from the daemon's {@code picture}) and plans its viewer;
     * prints the plan with --json, else runs it. On the picture, an agent it places in no tmux pane
     * (a process not yet exec'd when it was seen, a server it did not know) is located again, now.
     */
    private static int plan(Args a, Settings s, Console c, List<Agent> picture) {
        HostScope scope = HostScope.of(a, s, c);
        if (scope == null) return ExitCodes.USAGE;
        AgentTarget.Choice ch = AgentTarget.choose(s, c, a, a.words(), picture, false, scope);
        if (ch.remote() != null) return remote(a, s, c, ch.remote(), picture != null);
        if (ch.local() == null) return ch.exit();
        AgentTarget target = ch.local();
        Optional<Watcher.Plan> plan = plan(target.ctx(), target.agent());
        if (plan.isEmpty() && picture != null) plan = plan((target = target.relocated()).ctx(), target.agent());
        Agent agent = target.agent();
        if (plan.isEmpty()) {
            c.error(agent.locations().isEmpty()
                    ? agent.displayName() + " (pid " + agent.pid() + ") is in no tmux pane fleet can reach; it cannot be watched"
                    : agent.displayName() + " is at " + AgentTable.where(agent) + ", outside tmux: it cannot be watched "
                            + "read-only (only a tmux pane can be); 'fleet peek' shows its screen");
            return ExitCodes.FOCUS_FAILED;
        }
        Watcher.Plan p = plan.get();
        if (a.flag("--json") || picture != null) return printPlan(a, c, agent.toJson(), p, null);
        return view(a, s, c, agent.displayName(), p);
    }

    /**
     * An agent of another host: its host's fleet plans the viewer there, this machine runs it through
     * {@code ssh -t} ({@link RemoteWatch}); the daemon and --json print that plan, the host's argv beside it.
     */
    private static int remote(Args a, Settings s, Console c, RemoteTarget r, boolean served) {
        RemoteWatch.Plan rp;
        try {
            rp = RemoteWatch.plan(s, r.provider(), r.host(), Long.parseLong(r.pid()));
        } catch (RemoteWatch.Refused e) {
            c.error(e.getMessage());
            return e.exit();
        } catch (RuntimeException e) {
            c.error("host " + r.host() + ": " + e.getMessage() + "; " + r.who() + " cannot be watched");
            return ExitCodes.ERROR;
        }
        Map<String, Object> agent = new LinkedHashMap<>(r.agent());
        if (a.flag("--json") || served) return printPlan(a, c, agent, rp.watcher(), rp);
        return view(a, s, c, RemoteRow.str(r.agent(), "name") + " on " + r.host(), rp.watcher());
    }

    /** The plan as JSON (what --json prints, what the daemon answers); a remote one also names its host and the host's argv. */
    private static int printPlan(Args a, Console c, Map<String, Object> agent, Watcher.Plan p, RemoteWatch.Plan remote) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("agent", agent);
        j.put("layer", p.layer());
        j.put("window", a.flag("--window"));
        j.put("note", p.note());
        j.put("argv", p.argv());
        if (remote != null) {
            j.put("host", remote.host());
            j.put("remote_argv", remote.remote());
        }
        c.out().println(Json.writePretty(j));
        return ExitCodes.OK;
    }

    /** Runs the viewer: in a new terminal window with --window, else in this terminal. */
    private static int view(Args a, Settings s, Console c, String name, Watcher.Plan p) {
        if (a.flag("--window")) return WatchWindow.open(s, c, name, p);
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
}
