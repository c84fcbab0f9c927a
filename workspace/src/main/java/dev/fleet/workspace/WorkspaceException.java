package dev.fleet.workspace;

/** A workspace action failed at a named step; the message is one line and says what was undone. */
public final class WorkspaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String step;

    public WorkspaceException(String step, String message) {
        super(message);
        this.step = step;
    }

    /** The step that failed, e.g. {@code linked-session}, {@code aggregator}, {@code split-window}. */
    public String step() {
        return step;
    }
}
