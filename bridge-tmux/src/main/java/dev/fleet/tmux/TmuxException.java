package dev.fleet.tmux;

/** A tmux command failed; the message carries tmux's own first line. */
public final class TmuxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TmuxException(String message) {
        super(message);
    }
}
