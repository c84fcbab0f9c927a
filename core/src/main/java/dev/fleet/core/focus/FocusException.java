package dev.fleet.core.focus;

/** A focus step failed; the message is one line naming the layer and what to do. */
public class FocusException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public FocusException(String message) {
        this(message, 4);
    }

    /** @param exitCode the process exit code this failure maps to (3: no tmux client shows the agent) */
    public FocusException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
