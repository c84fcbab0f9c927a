package dev.fleet.core;

/** fleet's exit codes (documented in README). */
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
}
