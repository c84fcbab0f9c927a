package dev.fleet.core.terminal;

/** A terminal window could not be opened; the message is one line saying which terminal and why. */
public final class TerminalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TerminalException(String message) {
        super(message);
    }
}
