package dev.fleet.workspace;

import dev.fleet.core.json.Json;
import dev.fleet.core.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an open workspace consists of, as {@code $XDG_STATE_HOME/fleet/workspace.json}: the aggregator
 * (server socket, session), one entry per pane (the agent it shows, its linked session) and the
 * terminal window opened for it (kept as the launcher's own JSON).
 */
public record WorkspaceState(Path aggregatorSocket, String aggregatorSession, String layout, int width, int height,
        long createdAt, long updatedAt, List<PaneEntry> panes, Map<String, Object> window) {

    /** One aggregator pane and the agent it shows. */
    public record PaneEntry(WorkspaceTarget target, String linkedSession, String aggregatorPane) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agent_pid", target.agentPid());
            m.put("claude_session_id", target.claudeSessionId());
            m.put("name", target.name());
            m.put("state", target.state());
            m.put("socket", target.socket().toString());
            m.put("session", target.sessionName());
            m.put("session_id", target.sessionId());
            m.put("window_id", target.windowId());
            m.put("pane_id", target.paneId());
            if (target.remote()) m.put("host", target.host());
            m.put("linked_session", linkedSession);
            m.put("aggregator_pane", aggregatorPane);
            return m;
        }

        static PaneEntry fromJson(Map<String, Object> m) {
            WorkspaceTarget t = new WorkspaceTarget((int) Json.lng(m, "agent_pid", 0), Json.str(m, "claude_session_id"),
                    Json.str(m, "name"), Json.str(m, "state"), Path.of(req(m, "socket")), Json.str(m, "session"),
                    Json.str(m, "session_id"), Json.str(m, "window_id"), req(m, "pane_id"),
                    Json.str(m, "host"), m.get("host") == null ? null : List.of()); // a remote tile's command is made anew at each refresh
            return new PaneEntry(t, req(m, "linked_session"), Json.str(m, "aggregator_pane"));
        }
    }

    public WorkspaceState {
        panes = List.copyOf(panes);
        window = window == null ? null : new LinkedHashMap<>(window);
    }

    public WorkspaceState withPanes(List<PaneEntry> p) {
        return new WorkspaceState(aggregatorSocket, aggregatorSession, layout, width, height, createdAt,
                System.currentTimeMillis(), p, window);
    }

    public WorkspaceState withWindow(Map<String, Object> w) {
        return new WorkspaceState(aggregatorSocket, aggregatorSession, layout, width, height, createdAt,
                System.currentTimeMillis(), panes, w);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("aggregator_socket", aggregatorSocket.toString());
        m.put("aggregator_session", aggregatorSession);
        m.put("layout", layout);
        m.put("width", width);
        m.put("height", height);
        m.put("created_at", createdAt);
        m.put("updated_at", updatedAt);
        List<Object> p = new ArrayList<>();
        for (PaneEntry e : panes) p.add(e.toJson());
        m.put("panes", p);
        m.put("window", window);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static WorkspaceState fromJson(Map<String, Object> m) {
        List<PaneEntry> panes = new ArrayList<>();
        List<Object> arr = Json.arr(m, "panes");
        if (arr != null) for (Object o : arr) if (o instanceof Map) panes.add(PaneEntry.fromJson((Map<String, Object>) o));
        return new WorkspaceState(Path.of(req(m, "aggregator_socket")), req(m, "aggregator_session"),
                Json.str(m, "layout"), (int) Json.lng(m, "width", 0), (int) Json.lng(m, "height", 0),
                Json.lng(m, "created_at", 0), Json.lng(m, "updated_at", 0), panes, Json.obj(m, "window"));
    }

    private static String req(Map<String, Object> m, String key) {
        String v = Json.str(m, key);
        if (v == null) throw new IllegalArgumentException("field " + key + " is missing");
        return v;
    }

    /** Reads the state file; empty when there is none. A corrupt file is an error naming the file. */
    public static Optional<WorkspaceState> load(Path file) {
        try {
            return Optional.of(fromJson(Json.parseObject(Files.readAllBytes(file))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new WorkspaceException("state", "cannot read " + file + ": " + e.getMessage()
                    + " (remove it, then close leftover fleet-ws-* sessions by hand)");
        }
    }

    public void save(Path file) {
        try {
            AtomicFiles.write(file, Json.writePretty(toJson()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WorkspaceException("state", "cannot write " + file + ": " + e.getMessage());
        }
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
