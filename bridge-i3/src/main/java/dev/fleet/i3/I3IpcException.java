package dev.fleet.i3;

/** An i3/sway IPC call failed: no socket, no reply in time, a malformed frame, a failed command. One line. */
public final class I3IpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public I3IpcException(String message) {
        super(message);
    }
}
