package dev.fleet.workspace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One agent the workspace shows: where its pane is (server socket, session, window, pane) and what
 * its aggregator pane is titled.
 *
 * @param agentPid        the Claude Code process; with socket and pane it is the agent's identity
 * @param claudeSessionId Claude Code's session id ({@code fleet switch} takes it as an exact query)
 * @param sessionName     the agent's own tmux session (the linked session joins its group)
 * @param sessionId       tmux's {@code $N} for that session, used as the {@code -t} target
 */
public record WorkspaceTarget(int agentPid, String claudeSessionId, String name, String state, Path socket,
        String sessionName, String sessionId, String windowId, String paneId, String host, java.util.List<String> command) {

    /** An agent of this machine: its tile attaches to a linked session on the agent's server. */
    public WorkspaceTarget(int agentPid, String claudeSessionId, String name, String state, Path socket,
            String sessionName, String sessionId, String windowId, String paneId) {
        this(agentPid, claudeSessionId, name, state, socket, sessionName, sessionId, windowId, paneId, null, null);
    }

    /**
     * A tile of another host: {@code command} is the local argv its pane runs (ssh to the host's read-only
     * viewer, or a line saying the host is down); no linked session here — {@code socket} and the ids are the
     * host's, never used on this machine.
     */
    public static WorkspaceTarget remote(String host, int agentPid, String claudeSessionId, String name, String state, Path socket,
            String sessionName, String windowId, String paneId, java.util.List<String> command) {
        return new WorkspaceTarget(agentPid, claudeSessionId, name, state, socket, sessionName, "", windowId, paneId, host,
                java.util.List.copyOf(command));
    }

    /** Whether the tile shows another host (its pane runs {@link #command}; nothing of it lives on this machine's tmux). */
    public boolean remote() {
        return host != null;
    }

    /** Linked sessions are named {@code fleet-ws-<8 hex>}; nothing else fleet makes or touches starts so. */
    public static final String LINKED_PREFIX = dev.fleet.tmux.TmuxLocator.LINKED_PREFIX;

    /** Identity across refreshes: the same process in the same pane of the same server. */
    public String key() {
        return (host == null ? "" : host + "|") + socket + "|" + paneId + "|" + agentPid;
    }

    /**
     * The linked session's name: a short hash of server socket, session, window and pane, so a second
     * {@code open} (or {@code close} after a crash) finds it again, and two agents sharing one window
     * still get a session each.
     */
    public String linkedSession() {
        if (host != null) return ""; // the host's viewer session is made and removed there
        return LINKED_PREFIX + hash(socket + "\n" + sessionName + "\n" + windowId + "\n" + paneId);
    }

    /** Pane border text: the agent's name and state. */
    public String title() {
        return name + " · " + state;
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isLinked(String sessionName) {
        return sessionName != null && sessionName.startsWith(LINKED_PREFIX);
    }
}
