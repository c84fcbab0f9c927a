package dev.fleet.core.focus;

import dev.fleet.core.ExitCodes;

/** A focus step failed; the message is one line naming the layer and what to do. */
public class FocusException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    /** A layer said no: {@link ExitCodes#FOCUS_FAILED}. */
    public FocusException(String message) {
        this(message, ExitCodes.FOCUS_FAILED);
    }

    /** @param exitCode one of {@link ExitCodes}, e.g. {@link ExitCodes#NOT_SHOWN} when no tmux client shows the agent */
    public FocusException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
