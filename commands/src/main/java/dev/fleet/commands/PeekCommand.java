package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.layer.ScreenReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet peek <query>}: the agent's screen as text, read by the innermost layer that holds it
 * (tmux's {@code capture-pane}, kitty's {@code get-text}), for previews in pickers. Served by the
 * daemon, which reads the screen at the location its picture holds, so a preview costs one tmux call.
 */
public final class PeekCommand implements Command {
    private static final Spec SPEC = Spec.of("peek", 33,
            List.of("Print what the screen of an agent shows.",
                    "Read through the layer the agent lives in: tmux (capture-pane), or kitty (get-text) for an agent "
                            + "running directly in a kitty window. For previews: fzf --preview 'fleet peek {1}'.",
                    "QUERY matches as for switch. Exit codes: 0 printed, 1 no agent matched, 4 its screen could not be "
                            + "read (no tmux pane or kitty window fleet can reach), 5 other errors."),
            List.of(OptionSpec.value("N", "Only the last N lines; more than the screen holds reaches into the scrollback.",
                            "--lines"),
                    OptionSpec.flag("Keep colours and attributes (ANSI escape sequences).", "--ansi"),
                    OptionSpec.flag("Report the agent and the text as JSON.", "--json"),
                    HostScope.OPTION,
                    LsCommand.TMUX_SOCKET,
                    LsCommand.DEBUG),
            List.of(new PositionalSpec("QUERY", "What to match (words are joined with spaces).", 1, -1)))
            .served("peek", List.of(new LaneForm(LaneForm.ANY_ARGS, "peek")));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        return peek(a, s, c, null);
    }

    @Override
    public int serve(Args a, Settings s, Console c, List<Agent> picture, boolean tty) {
        return peek(a, s, c, picture);
    }

    private static int peek(Args o, Settings s, Console c, List<Agent> picture) {
        int lines;
        try {
            lines = Integer.parseInt(o.value("--lines", "0"));
        } catch (NumberFormatException e) {
            lines = -1;
        }
        if (lines < 0) {
            c.error("--lines takes a count of lines (0 or more), not '" + o.value("--lines", "") + "'");
            return ExitCodes.USAGE;
        }
        boolean ansi = o.flag("--ansi");
        HostScope scope = HostScope.of(o, s, c);
        if (scope == null) return ExitCodes.USAGE;
        AgentTarget.Choice ch = AgentTarget.choose(s, c, o, o.words(), picture, false, scope);
        if (ch.remote() != null) return ch.remote().relay(s, c, remoteArgs(ch.remote(), lines, ansi, o.flag("--json")), REMOTE_TIMEOUT);
        if (ch.local() == null) return ch.exit();
        AgentTarget target = ch.local();
        String text;
        try {
            text = read(target, lines, ansi);
            // the picture's location may be stale (a restarted tmux server): locate now, read once more
            if (text == null && picture != null) text = read(target = target.relocated(), lines, ansi);
        } catch (FocusException e) {
            if (picture == null) return failed(c, e);
            try {
                text = read(target = target.relocated(), lines, ansi);
            } catch (FocusException again) {
                return failed(c, again);
            }
        }
        if (text == null) {
            c.error(target.who() + " is in no tmux pane or kitty window whose screen fleet can read; "
                    + "run 'fleet doctor' to see what fleet can reach");
            return ExitCodes.FOCUS_FAILED;
        }
        if (o.flag("--json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agent", target.agent().toJson());
            m.put("text", text);
            c.out().println(Json.writePretty(m));
        } else {
            c.out().print(text);
        }
        return ExitCodes.OK;
    }

    /** A remote peek's whole call (the daemon's lane waits 10 s for the answer). */
    private static final java.time.Duration REMOTE_TIMEOUT = java.time.Duration.ofSeconds(8);

    /** The same peek on the agent's host, by its pid there. */
    private static List<String> remoteArgs(RemoteTarget r, int lines, boolean ansi, boolean json) {
        List<String> a = new java.util.ArrayList<>(List.of("peek", r.pid(), "--lines", Integer.toString(lines)));
        if (ansi) a.add("--ansi");
        if (json) a.add("--json");
        return a;
    }

    private static int failed(Console c, FocusException e) {
        c.error(e.getMessage());
        return e.exitCode();
    }

    /** The first layer's reading, innermost first; null when no layer holds the agent. */
    private static String read(AgentTarget t, int lines, boolean ansi) {
        for (ScreenReader r : Layers.load().offering(l -> l.screen())) {
            Optional<String> text = r.read(t.ctx(), t.agent(), lines, ansi);
            if (text.isPresent()) return text.get();
        }
        return null;
    }
}
