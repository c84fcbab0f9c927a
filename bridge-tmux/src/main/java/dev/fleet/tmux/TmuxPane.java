package dev.fleet.tmux;

import dev.fleet.core.locate.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an agent lives in tmux: server, session, window and pane, and the clients showing it.
 *
 * @param clients    clients showing the pane's session (or a session of its group), most recent first
 * @param fallback   when no client shows it: the server's most recently active client, which
 *                   {@code fleet switch} would move to the agent; null when the server has no client
 */
public record TmuxPane(Path socket, int serverPid, PaneRow pane, List<TmuxClient> clients, TmuxClient fallback,
        Path defaultDir) implements Location {

    @Override
    public String layer() {
        return "tmux";
    }

    /** {@code -L} name when the socket sits in the default directory, else the socket path. */
    public String serverName() {
        return defaultDir != null && socket.getParent() != null && socket.getParent().equals(defaultDir)
                ? socket.getFileName().toString()
                : socket.toString();
    }

    /** e.g. {@code tmux fleet:%12 work:2.0}. */
    @Override
    public String where() {
        return "tmux " + serverName() + ":" + pane.paneId() + " " + pane.sessionName() + ":"
                + pane.windowIndex() + "." + pane.paneIndex();
    }

    /** A client showing the pane's session is what a terminal window holds (else the one switch would move). */
    @Override
    public List<Integer> hostPids() {
        List<Integer> l = new ArrayList<>();
        for (TmuxClient c : candidates()) l.add(c.pid());
        return l;
    }

    /** The clients focus may use, best first: those showing the pane, else the fallback. */
    public List<TmuxClient> candidates() {
        if (!clients.isEmpty() || fallback == null) return clients;
        return List.of(fallback);
    }

    @Override
    public List<String> names() {
        return List.of(pane.sessionName(), pane.paneId());
    }

    public boolean shown() {
        return !clients.isEmpty();
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("socket", socket.toString());
        m.put("server", serverName());
        m.put("server_pid", serverPid);
        m.put("pane_id", pane.paneId());
        m.put("session", pane.sessionName());
        m.put("session_id", pane.sessionId());
        m.put("window_id", pane.windowId());
        m.put("window_index", pane.windowIndex());
        m.put("window_name", pane.windowName());
        m.put("pane_index", pane.paneIndex());
        m.put("pane_active", pane.paneActive());
        m.put("window_active", pane.windowActive());
        m.put("attached", shown());
        List<Object> cl = new ArrayList<>();
        for (TmuxClient c : clients) cl.add(c.toJson());
        m.put("clients", cl);
        return m;
    }
}
