package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.daemon.Protocol;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.layer.TextSender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet send <query> <text…>}: puts the text in the agent's prompt as one paste, through the
 * innermost layer that holds it (a tmux buffer pasted bracketed; kitty's send-text), and submits it.
 * Never while the agent waits at a permission prompt or question: a key there answers it. With
 * {@code --verify}, acceptance is read from Claude Code's own session file and transcript
 * ({@link Acceptance}).
 */
public final class SendCommand implements Command {
    static final int DEFAULT_TIMEOUT_S = 5;
    /**
     * The longest {@code --timeout} the daemon serves: the launcher's lane waits 10 s for an answer and then
     * runs the command itself, which would send the text twice. A longer one is left to the direct path.
     */
    static final int SERVED_TIMEOUT_MAX_S = 8;
    /** With --no-submit --verify: how long Claude Code must leave the text alone for it to count as a draft. */
    static final long DRAFT_WATCH_MS = 1500;

    private static final Spec SPEC = Spec.of("send", 36,
            List.of("Type TEXT into the prompt of an agent and submit it.",
                    "TEXT (the words after QUERY, joined with spaces) arrives whole, newlines included, as one paste: "
                            + "through a tmux buffer, or kitty's send-text for an agent directly in a kitty window. It is "
                            + "data, never a shell word; put -- before a TEXT that starts with '-'.",
                    "An agent waiting at a permission prompt or question gets nothing (typing would answer it) unless "
                            + "--force. Control characters other than newline and tab are refused unless --raw.",
                    "Exit codes: 0 sent (with --verify: Claude Code took it), 1 no agent matched, 4 typing failed, "
                            + "5 other errors, 6 left as a draft (--no-submit --verify), 7 not taken within --timeout "
                            + "(--verify), 8 the agent is at a permission prompt: nothing sent."),
            List.of(OptionSpec.flag("Leave the text in the prompt; do not press Enter.", "--no-submit"),
                    OptionSpec.flag("Wait until Claude Code itself shows it took the message: its session turns busy "
                            + "and/or its transcript gains the message.", "--verify"),
                    OptionSpec.value("S", "How long --verify waits, in seconds (default " + DEFAULT_TIMEOUT_S + ").", "--timeout"),
                    OptionSpec.flag("Send even to an agent at a permission prompt (the text answers it).", "--force"),
                    OptionSpec.flag("Allow control characters (escape sequences, Ctrl keys) in TEXT.", "--raw"),
                    OptionSpec.flag("Report the agent and the outcome as JSON.", "--json"),
                    HostScope.OPTION,
                    LsCommand.TMUX_SOCKET,
                    LsCommand.DEBUG),
            List.of(new PositionalSpec("QUERY", "Which agent (one word; quote it to include spaces).", 1, 1),
                    new PositionalSpec("TEXT", "What to type (words are joined with spaces).", 1, -1)))
            .served("send", List.of(new LaneForm(LaneForm.ANY_ARGS, "send")));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        return send(a, s, c, null);
    }

    @Override
    public int serve(Args a, Settings s, Console c, List<Agent> picture, boolean tty) {
        Integer t = timeout(a);
        // refused before anything is typed, so the caller's fall back to the direct path sends it once
        if (t != null && t > SERVED_TIMEOUT_MAX_S) {
            throw new Protocol.Failure(Protocol.BAD_REQUEST, "the daemon serves send with --timeout up to "
                    + SERVED_TIMEOUT_MAX_S + " s; a longer one runs directly");
        }
        return send(a, s, c, picture);
    }

    private static Integer timeout(Args o) {
        try {
            int t = Integer.parseInt(o.value("--timeout", Integer.toString(DEFAULT_TIMEOUT_S)));
            return t > 0 ? t : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int send(Args o, Settings s, Console c, List<Agent> picture) {
        Integer timeout = timeout(o);
        if (timeout == null) {
            c.error("--timeout takes a number of seconds (1 or more), not '" + o.value("--timeout", "") + "'");
            return ExitCodes.USAGE;
        }
        String query = o.positionals().get(0);
        String text = String.join(" ", o.positionals().subList(1, o.positionals().size()));
        if (text.isBlank()) {
            c.error("nothing to send: TEXT is empty");
            return ExitCodes.USAGE;
        }
        int bad = controlChar(text);
        if (bad >= 0 && !o.flag("--raw")) {
            c.error(String.format("TEXT holds the control character U+%04X at offset %d; refused (--raw sends it)",
                    (int) text.charAt(bad), bad));
            return ExitCodes.USAGE;
        }
        HostScope scope = HostScope.of(o, s, c);
        if (scope == null) return ExitCodes.USAGE;
        AgentTarget.Choice ch = AgentTarget.choose(s, c, o, query, picture, true, scope);
        if (ch.remote() != null) return remote(s, c, o, ch.remote(), text, timeout, picture != null);
        if (ch.local() == null) return ch.exit();
        AgentTarget target = ch.local();
        Agent agent = target.agent();
        boolean submit = !o.flag("--no-submit");
        Acceptance acceptance = Acceptance.before(s.configDir(), agent, text);
        // the picture's state (it knows transcript questions) and the session file now: either waiting refuses
        boolean atPrompt = agent.state() == AgentState.WAITING || "waiting".equals(acceptance.statusNow());
        if (atPrompt && !o.flag("--force")) {
            String why = agent.waitingFor() != null ? agent.waitingFor() : "permission prompt";
            c.error(target.who() + " waits at a " + why + "; typing would answer it, so nothing was sent (--force sends anyway)");
            if (o.flag("--json")) report(c, agent, "at_prompt", null, false);
            return ExitCodes.AT_PROMPT;
        }
        try {
            if (!type(target, text, submit)) {
                c.error(target.who() + " is in no tmux pane or kitty window fleet can type into; "
                        + "run 'fleet doctor' to see what fleet can reach");
                return ExitCodes.FOCUS_FAILED;
            }
        } catch (FocusException e) {
            c.error(e.getMessage());
            return e.exitCode();
        }
        if (!o.flag("--verify")) {
            if (o.flag("--json")) report(c, agent, submit ? "sent" : "typed", null, submit);
            return ExitCodes.OK;
        }
        Acceptance.Seen seen;
        try {
            seen = acceptance.await(submit ? timeout * 1000L : Math.min(DRAFT_WATCH_MS, timeout * 1000L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.error("interrupted while waiting for " + target.who() + " to take the message");
            return ExitCodes.ERROR;
        }
        int code;
        String outcome;
        if (seen.any()) {
            code = ExitCodes.OK;
            outcome = "accepted";
        } else if (!submit) {
            code = ExitCodes.DRAFT;
            outcome = "draft";
            c.error("the text waits in the prompt of " + target.who() + " as a draft (not submitted: --no-submit)");
        } else {
            code = ExitCodes.NOT_ACCEPTED;
            outcome = "not_accepted";
            c.error(target.who() + " did not take the message within " + timeout + " s (its session did not turn busy "
                    + "and its transcript has no such message); it may still be in its prompt");
        }
        if (o.flag("--json")) report(c, agent, outcome, seen, submit);
        return code;
    }

    /**
     * The same send on the agent's host, by its pid there, TEXT as one argv word after {@code --}. Not from the
     * daemon: the remote call may outlast its caller's wait, and the caller's fallback would send twice.
     */
    private static int remote(Settings s, Console c, Args o, RemoteTarget r, String text, int timeout, boolean served) {
        if (served) throw new Protocol.Failure(Protocol.BAD_REQUEST, "a remote agent's send runs directly");
        List<String> a = new java.util.ArrayList<>(List.of("send", r.pid()));
        for (String f : List.of("--no-submit", "--verify", "--force", "--raw", "--json")) if (o.flag(f)) a.add(f);
        a.addAll(List.of("--timeout", Integer.toString(timeout), "--", text));
        return r.relay(s, c, a, java.time.Duration.ofSeconds(timeout + 15L));
    }

    /** The first layer that holds the agent types; false when none does. */
    private static boolean type(AgentTarget t, String text, boolean submit) {
        for (TextSender sender : Layers.load().offering(l -> l.input())) {
            if (sender.send(t.ctx(), t.agent(), text, submit)) return true;
        }
        return false;
    }

    /** The offset of the first control character other than newline and tab (DEL and C1 included); -1 for none. */
    static int controlChar(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\n' || ch == '\t') continue;
            if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0)) return i;
        }
        return -1;
    }

    private static void report(Console c, Agent agent, String outcome, Acceptance.Seen seen, boolean submitted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", agent.toJson());
        m.put("outcome", outcome);
        m.put("submitted", submitted);
        if (seen != null) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("busy", seen.busy());
            v.put("transcript", seen.transcript());
            m.put("verified", v);
        }
        c.out().println(Json.writePretty(m));
    }
}
