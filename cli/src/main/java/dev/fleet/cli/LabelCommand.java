package dev.fleet.cli;

import dev.fleet.commands.Console;
import dev.fleet.commands.Labels;
import dev.fleet.commands.ListCommand;
import dev.fleet.commands.Settings;
import dev.fleet.cli.fast.DaemonLink;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.label.LabelStore;
import dev.fleet.core.query.AgentQuery;
import dev.fleet.core.query.Match;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet label <query> <text>} and {@code fleet label <query> --clear}: through the daemon when one
 * answers (it updates its picture and tells subscribers at once), else straight into the label file.
 * The same output either way.
 */
final class LabelCommand {
    private LabelCommand() {}

    static int run(Settings s, Console c, String query, String text, boolean clear) {
        if (!clear && (text == null || text.isBlank())) {
            c.error("give the label text, or --clear to remove the label");
            return ExitCodes.USAGE;
        }
        if (text != null && text.length() > LabelStore.MAX_LABEL_CHARS) {
            c.error("a label holds at most " + LabelStore.MAX_LABEL_CHARS + " characters");
            return ExitCodes.USAGE;
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
            c.error(DaemonLink.message(r));
            return ExitCodes.NO_MATCH;
        }
        // no daemon: find the agent ourselves, write the file ourselves
        java.util.List<Agent> agents = ListCommand.scanner(s, c, java.util.List.of()).run(false).agents();
        Optional<Match> m = AgentQuery.choose(agents, query);
        if (m.isEmpty()) {
            c.error("no agent matches '" + query + "'");
            return ExitCodes.NO_MATCH;
        }
        Agent a = m.get().agent();
        String previous = Labels.store(s, c).set(a.sessionId(), clear ? null : text);
        return report(c, Integer.toString(a.pid()), a.sessionId(), clear ? null : text.strip(), previous);
    }

    private static int report(Console c, String pid, String sessionId, String label, String previous) {
        String who = "pid " + pid + " (session " + (sessionId.length() > 8 ? sessionId.substring(0, 8) : sessionId) + ")";
        if (label == null) c.out().println(previous == null ? who + " had no label" : "removed the label '" + previous + "' from " + who);
        else c.out().println("labelled " + who + " '" + label + "'" + (previous == null ? "" : " (was '" + previous + "')"));
        return ExitCodes.OK;
    }

    @picocli.CommandLine.Command(name = "label", mixinStandardHelpOptions = true,
            description = {"Name an agent: shown as its NAME, matched by 'fleet switch'.",
                    "Labels are kept by Claude's session id in $XDG_STATE_HOME/fleet/labels.json and work with or "
                            + "without the daemon."})
    static final class Cli implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "QUERY", description = "Which agent (as for 'fleet switch').")
        String query;

        @picocli.CommandLine.Parameters(index = "1..*", arity = "0..*", paramLabel = "TEXT", description = "The label.")
        java.util.List<String> text = new java.util.ArrayList<>();

        @picocli.CommandLine.Option(names = "--clear", description = "Remove the agent's label.")
        boolean clear;

        @Override
        public Integer call() {
            if (clear && !text.isEmpty()) {
                System.err.println("fleet: give either a label or --clear, not both");
                return ExitCodes.USAGE;
            }
            return run(Settings.fromEnv(FleetCommand.env), Console.system(false), query, clear ? null : String.join(" ", text), clear);
        }
    }
}
