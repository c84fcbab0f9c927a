package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.core.query.AgentQuery;
import dev.fleet.core.query.Match;
import dev.fleet.core.scan.FleetScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet switch <query>} and {@code fleet next}: choose the agent, plan the focus outermost layer
 * first (window manager → terminal → tmux), run it. Exit 0 only when the agent's pane is in front.
 */
public final class SwitchCommand implements Command {
    /** The options of switch and next. */
    static final List<OptionSpec> FOCUS_OPTIONS = List.of(
            OptionSpec.flag("Print the chosen agent and every focus step; change nothing.", "-n", "--dry-run"),
            OptionSpec.flag("Report the agent and the plan as JSON.", "--json"),
            OptionSpec.flag("Report each step and its result.", "-v", "--verbose"),
            OptionSpec.flag("When no tmux client shows the agent, open a terminal attached to it.", "--attach"),
            HostScope.OPTION,
            LsCommand.TMUX_SOCKET,
            LsCommand.DEBUG);

    private static final Spec SPEC = Spec.of("switch", 20,
            List.of("Put the agent matching QUERY in front.",
                    "Focus goes from the outside in: the i3/sway workspace, the kitty window and tab, then the tmux "
                            + "session, window and pane.",
                    "QUERY matches the label, name, goal, folder, git branch, session id prefix, pid, tmux session "
                            + "or pane id. Exact beats prefix beats word prefix beats substring beats subsequence; "
                            + "ties go to the agent that has waited longest."),
            FOCUS_OPTIONS, List.of(new PositionalSpec("QUERY", "What to match (words are joined with spaces).", 1, -1)))
            .served("switch", List.of(new LaneForm(LaneForm.ANY_ARGS, "switch")));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        return run(s, c, a, false);
    }

    @Override
    public int serve(Args a, Settings s, Console c, List<Agent> picture, boolean tty) {
        return runOnPicture(s, c, a, false, picture);
    }

    /** The direct path: one full scan, then choose and focus. */
    public static int run(Settings s, Console c, Args o, boolean next) {
        HostScope scope = HostScope.of(o, s, c);
        if (scope == null) return ExitCodes.USAGE;
        if (!scope.local()) return onHost(s, c, o, next, scope.host(), false);
        FleetScan.Result scan = ListCommand.scanner(s, c, o.values("--tmux-socket")).run(false);
        return run(s, c, o, next, scan.agents(), scan.proc(), null, scope);
    }

    /**
     * The daemon's path: choose from its picture (states are current: it follows every session file) and
     * focus where the picture places the agent; every focus step checks its outcome (the tmux client
     * shows the very pane), so a stale place fails rather than misleads, and a choice the picture cannot
     * make (which of several tmux clients the user used last) is not made from it. Only then is the chosen agent
     * located again, now — one query per tmux server, kitty and window manager, never a full scan — and
     * focused there. A hotkey's switch is thus one tmux call, not four.
     */
    public static int runOnPicture(Settings s, Console c, Args o, boolean next, List<Agent> picture) {
        HostScope scope = HostScope.of(o, s, c);
        if (scope == null) return ExitCodes.USAGE;
        if (!scope.local()) return onHost(s, c, o, next, scope.host(), true);
        FleetScan scanner = ListCommand.scanner(s, c, o.values("--tmux-socket"));
        ProcSnapshot proc = ProcSnapshot.read(s.procRoot());
        List<Agent> live = new ArrayList<>();
        for (Agent a : picture) if (proc.get(a.pid()).isPresent()) live.add(a);
        return run(s, c, o, next, live, proc, scanner, scope);
    }

    /**
     * {@code --host H} naming another host: its agents alone, no scan here. What a remote agent's switch does
     * ({@link RemoteTarget#focus}): a local terminal showing it, else exit 3 with the command that attaches.
     */
    private static int onHost(Settings s, Console c, Args o, boolean next, String host, boolean served) {
        if (!next) {
            AgentTarget.Choice ch = AgentTarget.choose(s, c, o, o.words(), null, false, new HostScope(HostScope.Kind.REMOTE, host));
            return ch.remote() != null ? ch.remote().focus(s, c, o, served) : ch.exit();
        }
        RemoteTarget.Found f = RemoteTarget.longestWaitingOn(s, host);
        if (f.target() != null) return f.target().focus(s, c, o, served);
        if (f.down() != null) {
            c.error(f.down() + "; cannot tell which of its agents waits");
            return ExitCodes.ERROR;
        }
        c.error("no agent is waiting on host " + host);
        return ExitCodes.NO_MATCH;
    }

    /** @param relocate when not null, the chosen agent is located again with it before focusing */
    private static int run(Settings s, Console c, Args o, boolean next, List<Agent> agents, ProcSnapshot proc,
            FleetScan relocate, HostScope scope) {
        Agent agent;
        Match match = null;
        if (next) {
            Optional<Agent> w = AgentQuery.longestWaiting(agents);
            // another host's agent that has waited longer goes first, as if it were here
            RemoteTarget rw = scope.remote() ? RemoteTarget.longestWaiting(s, c) : null;
            if (rw != null && (w.isEmpty() || rw.waitStart() < (w.get().waitingSince() != null ? w.get().waitingSince() : w.get().stateSince()))) {
                return rw.focus(s, c, o, relocate != null);
            }
            if (w.isEmpty()) {
                c.error("no agent is waiting");
                return ExitCodes.NO_MATCH;
            }
            agent = w.get();
        } else {
            Optional<Match> m = AgentQuery.choose(agents, o.words());
            if (m.isEmpty()) {
                RemoteTarget.Found f = scope.remote() ? RemoteTarget.find(s, o.words()) : RemoteTarget.Found.NONE;
                if (f.target() != null) return f.target().focus(s, c, o, relocate != null);
                int unknown = f.unknown(c, o.words());
                if (unknown >= 0) return unknown;
                noMatch(c, agents, o.words());
                return ExitCodes.NO_MATCH;
            }
            match = m.get();
            agent = match.agent();
        }
        FocusContext ctx = new FocusContext(proc, s.env(), Exec.withTimeout(Duration.ofSeconds(3)), c::verbose, Map.of());
        Layers layers = Layers.load();
        if (relocate != null) {
            if (!o.flag("--dry-run") && focusAsPictured(c, o, layers, ctx, agent, match)) return ExitCodes.OK;
            agent = relocate.locate(proc, List.of(agent)).get(0);
        }
        // --attach is handled here, after the plan, not by a focuser: no flags for them
        FocusPlan plan = layers.planFocus(ctx, agent);
        c.verbose("agent " + agent.displayName() + " (pid " + agent.pid() + ", " + agent.state().label() + ")"
                + (match == null ? ", waiting longest" : ", matched " + match.kind().name().toLowerCase() + " on "
                + match.field() + " '" + match.value() + "'"));
        if (plan.steps().isEmpty()) {
            c.error(agent.displayName() + " (pid " + agent.pid() + ") is in no tmux pane or terminal window fleet can reach; "
                    + "run 'fleet doctor' to see what fleet can reach");
            return ExitCodes.FOCUS_FAILED;
        }
        if (o.flag("--dry-run")) {
            print(c, o, agent, match, plan, true, null);
            return ExitCodes.OK;
        }
        try {
            plan.run(ctx);
        } catch (FocusException e) {
            if (e.exitCode() == ExitCodes.NOT_SHOWN && o.flag("--attach")) {
                int code = attach(s, c, agent, e.exitCode());
                if (o.flag("--json")) print(c, o, agent, match, plan, false, code == ExitCodes.OK ? null : e.getMessage());
                return code;
            }
            if (o.flag("--json")) print(c, o, agent, match, plan, false, e.getMessage());
            c.error(e.getMessage());
            return e.exitCode();
        }
        if (o.flag("--json")) print(c, o, agent, match, plan, false, null);
        return ExitCodes.OK;
    }

    /**
     * Focuses {@code agent} where the daemon's picture places it (located at most a second ago); true when
     * that worked. False, having changed nothing the next attempt does not redo, when the picture has no
     * place for it or a step found the place stale (a client gone, a pane moved).
     */
    private static boolean focusAsPictured(Console c, Args o, Layers layers, FocusContext ctx, Agent agent, Match match) {
        if (agent.locations().isEmpty()) return false;
        Map<String, String> flags = new java.util.HashMap<>(ctx.flags());
        flags.put(FocusContext.PICTURED, "true"); // a layer whose choice the picture cannot make refuses (tmux: which client)
        FocusContext pictured = new FocusContext(ctx.proc(), ctx.env(), ctx.exec(), ctx.verbose(), flags);
        FocusPlan plan;
        try {
            plan = layers.planFocus(pictured, agent);
            if (plan.steps().isEmpty()) return false;
            plan.run(pictured);
        } catch (FocusException e) {
            c.verbose("where the daemon last saw " + agent.displayName() + " is out of date (" + e.getMessage() + "); locating it again");
            return false;
        }
        c.verbose("agent " + agent.displayName() + " (pid " + agent.pid() + ", " + agent.state().label() + ")"
                + (match == null ? ", waiting longest" : ", matched " + match.kind().name().toLowerCase() + " on "
                + match.field() + " '" + match.value() + "'") + ", focused where the daemon last saw it");
        if (o.flag("--json")) print(c, o, agent, match, plan, false, null);
        return true;
    }

    /** --attach: the registered {@link Attacher}; none: the exit code of the failed focus, as without --attach. */
    private static int attach(Settings s, Console c, Agent agent, int failed) {
        for (Attacher a : java.util.ServiceLoader.load(Attacher.class)) return a.open(s, c, agent);
        return failed;
    }

    static void noMatch(Console c, List<Agent> agents, String query) {
        if (agents.isEmpty()) {
            c.error("no agent matches '" + query + "': no live agents");
            return;
        }
        c.error("no agent matches '" + query + "'; closest:");
        for (Agent a : AgentQuery.closest(agents, query, 5)) {
            c.note("  " + a.displayName() + "  " + a.state().label() + "  pid " + a.pid() + "  " + AgentTable.where(a));
        }
    }

    private static void print(Console c, Args o, Agent agent, Match match, FocusPlan plan, boolean dry, String error) {
        if (o.flag("--json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", error == null);
            m.put("dry_run", dry);
            m.put("agent", agent.toJson());
            if (match != null) {
                Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("kind", match.kind().name().toLowerCase());
                mm.put("field", match.field());
                mm.put("value", match.value());
                m.put("match", mm);
            }
            List<Object> steps = new ArrayList<>();
            for (FocusStep st : plan.steps()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("layer", st.layer());
                sm.put("action", st.describe());
                steps.add(sm);
            }
            m.put("steps", steps);
            m.put("error", error);
            c.out().println(Json.writePretty(m));
            return;
        }
        c.out().println("agent: " + agent.displayName() + " (pid " + agent.pid() + ", " + agent.state().label() + ") at "
                + AgentTable.where(agent) + (match == null ? "" : "  [" + match.kind().name().toLowerCase() + " match on "
                + match.field() + "]"));
        int i = 1;
        for (FocusStep st : plan.steps()) c.out().println("  " + (i++) + ". " + st.layer() + ": " + st.describe());
    }
}
