package dev.fleet.core;

/**
 * fleet's exit codes (documented in README), in one place: every command, the daemon's replies and
 * {@link dev.fleet.core.focus.FocusException} use these.
 */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    /** No agent matched / no agent is waiting. */
    public static final int NO_MATCH = 1;
    /** Bad command line. */
    public static final int USAGE = 2;
    /** The agent's tmux session is not shown by any client (nothing to bring to the front). */
    public static final int NOT_SHOWN = 3;
    /** A focus layer failed (i3/sway, kitty, tmux said no). */
    public static final int FOCUS_FAILED = 4;
    /** Something else went wrong (an environment problem, a bug); the message says what. */
    public static final int ERROR = 5;
    /** {@code send --no-submit --verify}: the text is in the agent's prompt as a draft, not submitted. */
    public static final int DRAFT = 6;
    /** {@code send --verify}: Claude Code did not take the message within {@code --timeout}. */
    public static final int NOT_ACCEPTED = 7;
    /** {@code send}: the agent waits at a permission prompt (or question) that typing would answer; nothing sent. */
    public static final int AT_PROMPT = 8;
}
