package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.label.LabelStore;
import dev.fleet.core.query.AgentQuery;
import dev.fleet.core.query.Match;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet label <query> <text>} and {@code fleet label <query> --clear}: through the daemon when one
 * answers (it updates its picture and tells subscribers at once), else straight into the label file.
 * The same output either way.
 */
public final class LabelCommand implements Command {
    private static final Spec SPEC = Spec.of("label", 70,
            List.of("Name an agent: shown as its NAME, matched by 'fleet switch'.",
                    "Labels are kept by Claude's session id in $XDG_STATE_HOME/fleet/labels.json and work with or "
                            + "without the daemon."),
            List.of(OptionSpec.flag("Remove the agent's label.", "--clear"), HostScope.OPTION),
            List.of(new PositionalSpec("QUERY", "Which agent (as for 'fleet switch').", 1, 1),
                    new PositionalSpec("TEXT", "The label.", 0, -1)));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        String query = a.positionals().get(0);
        List<String> text = a.positionals().subList(1, a.positionals().size());
        boolean clear = a.flag("--clear");
        if (clear && !text.isEmpty()) {
            c.error("give either a label or --clear, not both");
            return ExitCodes.USAGE;
        }
        HostScope scope = HostScope.of(a, s, c);
        if (scope == null) return ExitCodes.USAGE;
        return run(s, c, query, clear ? null : String.join(" ", text), clear, scope);
    }

    /** {@code scope}: {@code --host} — another host's agents alone go straight to that host; this machine's alone never leave it. */
    private static int run(Settings s, Console c, String query, String text, boolean clear, HostScope scope) {
        if (!clear && (text == null || text.isBlank())) {
            c.error("give the label text, or --clear to remove the label");
            return ExitCodes.USAGE;
        }
        if (text != null && text.length() > LabelStore.MAX_LABEL_CHARS) {
            c.error("a label holds at most " + LabelStore.MAX_LABEL_CHARS + " characters");
            return ExitCodes.USAGE;
        }
        if (!scope.local()) {
            RemoteTarget.Found f = RemoteTarget.find(s, query, scope.host());
            return f.target() != null ? relay(s, c, f.target(), text, clear) : f.missingOn(c, query, scope.host());
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("query", query);
        if (clear) f.put("clear", true);
        else f.put("text", text);
        Map<String, Object> r = DaemonLink.call(s.env(), s.configDir(), "label", f, Duration.ofSeconds(10));
        if (r != null && Boolean.TRUE.equals(r.get("ok"))) {
            return report(c, String.valueOf(r.get("pid")), (String) r.get("session_id"), (String) r.get("label"), (String) r.get("previous"));
        }
        if (r != null && !DaemonLink.fallBack(r)) {
            boolean noMatch = r.get("error") instanceof Map<?, ?> e && "no_match".equals(e.get("code"));
            if (noMatch && !scope.remote()) return failed(c, DaemonLink.message(r));
            return noMatch ? remote(s, c, query, text, clear, DaemonLink.message(r)) : failed(c, DaemonLink.message(r));
        }
        // no daemon: find the agent ourselves, write the file ourselves
        List<Agent> agents = ListCommand.scanner(s, c, List.of()).run(false).agents();
        Optional<Match> m = AgentQuery.choose(agents, query);
        if (m.isEmpty() && !scope.remote()) return failed(c, "no agent matches '" + query + "'");
        if (m.isEmpty()) return remote(s, c, query, text, clear, "no agent matches '" + query + "'");
        Agent a = m.get().agent();
        String previous = Labels.store(s, c).set(a.sessionId(), clear ? null : text);
        return report(c, Integer.toString(a.pid()), a.sessionId(), clear ? null : text.strip(), previous);
    }

    /** No agent here matches: the same label on the host of the remote agent that does, by its pid there. */
    private static int remote(Settings s, Console c, String query, String text, boolean clear, String noMatch) {
        RemoteTarget.Found f = RemoteTarget.find(s, query);
        if (f.target() != null) return relay(s, c, f.target(), text, clear);
        int unknown = f.unknown(c, query);
        return unknown >= 0 ? unknown : failed(c, noMatch);
    }

    /** {@code fleet label <pid> …} run on the remote agent's host. */
    private static int relay(Settings s, Console c, RemoteTarget t, String text, boolean clear) {
        String pid = t.pid();
        return t.relay(s, c, clear ? List.of("label", pid, "--clear") : List.of("label", pid, "--", text), Duration.ofSeconds(10));
    }

    private static int failed(Console c, String line) {
        c.error(line);
        return ExitCodes.NO_MATCH;
    }

    private static int report(Console c, String pid, String sessionId, String label, String previous) {
        String who = "pid " + pid + " (session " + (sessionId.length() > 8 ? sessionId.substring(0, 8) : sessionId) + ")";
        if (label == null) c.out().println(previous == null ? who + " had no label" : "removed the label '" + previous + "' from " + who);
        else c.out().println("labelled " + who + " '" + label + "'" + (previous == null ? "" : " (was '" + previous + "')"));
        return ExitCodes.OK;
    }
}
