package dev.fleet.core.claude;

import java.util.Locale;

/** What an agent is doing, from the {@code status} field Claude Code writes. */
public enum AgentState {
    /** A permission prompt or question waits for the user. */
    WAITING,
    /** A turn is running. */
    BUSY,
    /** Nothing running, nothing asked. */
    IDLE,
    /** A status this version of fleet does not know. */
    UNKNOWN,
    /** The session file is stale: its process is gone (shown only with {@code --all}). */
    DEAD;

    public static AgentState fromStatus(String status) {
        if (status == null) return UNKNOWN;
        switch (status.toLowerCase(Locale.ROOT)) {
            case "busy": return BUSY;
            case "waiting": return WAITING;
            case "idle": return IDLE;
            default: return UNKNOWN;
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Sort rank for listings: waiting first, then busy, idle, unknown, dead. */
    public int rank() {
        return ordinal();
    }
}
