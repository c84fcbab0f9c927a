package dev.fleet.kitty;

/** A remote-control call failed; the message is one line naming the address and what to do. */
public final class KittyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The listen-on value is not an address fleet understands. */
        BAD_ADDRESS,
        /** No socket file at the path: kitty is not running there (or never listened). */
        NO_SOCKET,
        /** Nothing accepts connections at the address: that kitty has exited. */
        REFUSED,
        /** The socket exists but belongs to someone we may not talk to. */
        PERMISSION,
        /** kitty answered, but refuses remote control (allow_remote_control, passwords). */
        DISABLED,
        /** kitty is older than the protocol version fleet speaks. */
        VERSION,
        /** kitty ran the command and reported an error (no matching window, …). */
        COMMAND,
        /** No complete answer within the timeout. */
        TIMEOUT,
        /** The connection closed early or the answer was not kitty's framing. */
        PROTOCOL,
        /** Any other I/O failure. */
        IO
    }

    private final Kind kind;

    public KittyException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when kitty (or its absence) means "no remote control here", not a fault worth a warning. */
    public boolean unreachable() {
        return kind == Kind.NO_SOCKET || kind == Kind.REFUSED || kind == Kind.DISABLED || kind == Kind.PERMISSION;
    }
}
