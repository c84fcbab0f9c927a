package dev.fleet.core.exec;

/** An external program could not be run or did not finish in time; the message is one line. */
public final class ExecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExecException(String message) {
        super(message);
    }
}
