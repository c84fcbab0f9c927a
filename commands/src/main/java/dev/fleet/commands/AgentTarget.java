package dev.fleet.commands;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.core.query.AgentQuery;
import dev.fleet.core.query.Match;
import dev.fleet.core.scan.FleetScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one agent {@code peek} and {@code send} act on, chosen exactly as {@code switch} chooses
 * ({@link AgentQuery#choose}), and the context its layers run in. Direct path: one full scan. The
 * daemon's path: its picture, and — unless the caller trusts the picture's locations, as {@code peek}
 * does (a pane or kitty window keeps its id for its whole life) — the chosen agent located again, now.
 */
record AgentTarget(Agent agent, Match match, FocusContext ctx, FleetScan scanner) {
    /** Chooses on this machine; prints switch's "no agent matches" lines and returns empty when nothing matches. */
    static Optional<AgentTarget> choose(Settings s, Console c, Args o, String query, List<Agent> picture, boolean relocate) {
        return Optional.ofNullable(choose(s, c, o, query, picture, relocate, false).local());
    }

    /**
     * What a query chose: an agent here, else (when {@code remote}) one on another host; neither: {@code exit}
     * is the code to return, its lines printed.
     */
    record Choice(AgentTarget local, RemoteTarget remote, int exit) {}

    static Choice choose(Settings s, Console c, Args o, String query, List<Agent> picture, boolean relocate, boolean remote) {
        return choose(s, c, o, query, picture, relocate, remote ? HostScope.ANY : new HostScope(HostScope.Kind.LOCAL, null));
    }

    /**
     * As above, among the agents {@code scope} allows ({@code --host}): a remote host's only (no scan here at all),
     * this machine's only, or this machine's first, then the hosts'.
     */
    static Choice choose(Settings s, Console c, Args o, String query, List<Agent> picture, boolean relocate, HostScope scope) {
        if (!scope.local()) {
            RemoteTarget.Found f = RemoteTarget.find(s, query, scope.host());
            if (f.target() != null) return new Choice(null, f.target(), 0);
            return new Choice(null, null, f.missingOn(c, query, scope.host()));
        }
        FleetScan scanner = ListCommand.scanner(s, c, o.values("--tmux-socket"));
        ProcSnapshot proc;
        List<Agent> agents;
        if (picture == null) {
            FleetScan.Result scan = scanner.run(false);
            proc = scan.proc();
            agents = scan.agents();
        } else {
            proc = ProcSnapshot.read(s.procRoot());
            agents = new ArrayList<>();
            for (Agent a : picture) if (proc.get(a.pid()).isPresent()) agents.add(a);
        }
        Optional<Match> m = AgentQuery.choose(agents, query);
        if (m.isEmpty()) {
            RemoteTarget.Found f = scope.remote() ? RemoteTarget.find(s, query) : RemoteTarget.Found.NONE;
            if (f.target() != null) return new Choice(null, f.target(), 0);
            int unknown = f.unknown(c, query);
            if (unknown >= 0) return new Choice(null, null, unknown);
            SwitchCommand.noMatch(c, agents, query);
            return new Choice(null, null, dev.fleet.core.ExitCodes.NO_MATCH);
        }
        Agent agent = m.get().agent();
        if (picture != null && relocate) agent = scanner.locate(proc, List.of(agent)).get(0);
        FocusContext ctx = new FocusContext(proc, s.env(), Exec.withTimeout(Duration.ofSeconds(3)), c::verbose, Map.of());
        return new Choice(new AgentTarget(agent, m.get(), ctx, scanner), null, 0);
    }

    /** This target with its agent located again, now (after a layer failed on the picture's location). */
    AgentTarget relocated() {
        return new AgentTarget(scanner.locate(ctx.proc(), List.of(agent)).get(0), match, ctx, scanner);
    }

    /** {@code api (pid 4242)}, for messages. */
    String who() {
        return agent.displayName() + " (pid " + agent.pid() + ")";
    }
}
