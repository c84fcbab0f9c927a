package dev.fleet.core.claude;

import dev.fleet.core.json.JsonWritable;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.locate.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Claude Code agent as fleet sees it: its session file, its liveness, its sidecars and, once the
 * locators ran, where it lives.
 *
 * @param hints        the variables the loaded layers read from the environ of the agent (and, after tmux
 *                     location, of the tmux client showing it): {@link Layers#hintEnv()}
 * @param waitingSince epoch ms the agent started waiting, or null; the daemon tracks it across
 *                     transitions, without it this is {@code stateSince} for waiting agents
 * @param waitingFor   why a waiting agent waits, or null: "question" / "plan approval" when its transcript
 *                     ends in an unanswered AskUserQuestion / ExitPlanMode call (then it is waiting even if
 *                     Claude Code says busy), else the session file's own {@code waitingFor} (e.g.
 *                     "permission prompt")
 */
public record Agent(
        int pid,
        String sessionId,
        String claudeName,
        String label,
        Goal goal,
        Integer ctxPct,
        String cwd,
        String branch,
        AgentState state,
        long stateSince,
        Long waitingSince,
        String waitingFor,
        long startedAt,
        String version,
        Map<String, String> hints,
        List<Location> locations) implements JsonWritable {

    public Agent {
        hints = Map.copyOf(hints);
        locations = List.copyOf(locations);
    }

    /** An agent without a waiting reason (the fields before {@code waitingFor} was added). */
    public Agent(int pid, String sessionId, String claudeName, String label, Goal goal, Integer ctxPct, String cwd,
            String branch, AgentState state, long stateSince, Long waitingSince, long startedAt, String version,
            Map<String, String> hints, List<Location> locations) {
        this(pid, sessionId, claudeName, label, goal, ctxPct, cwd, branch, state, stateSince, waitingSince, null,
                startedAt, version, hints, locations);
    }

    public boolean alive() {
        return state != AgentState.DEAD;
    }

    /** NAME column: the fleet label, else the goal's rename, else Claude's name, else the cwd's basename. */
    public String displayName() {
        if (label != null && !label.isBlank()) return label;
        if (goal != null && goal.rename() != null && !goal.rename().isBlank()) return goal.rename();
        if (claudeName != null && !claudeName.isBlank()) return claudeName;
        return basename();
    }

    public String basename() {
        if (cwd == null || cwd.isEmpty()) return "?";
        Path f = Path.of(cwd).getFileName();
        return f == null ? cwd : f.toString();
    }

    public Agent withLocation(Location loc) {
        List<Location> l = new ArrayList<>(locations);
        l.add(loc);
        return new Agent(pid, sessionId, claudeName, label, goal, ctxPct, cwd, branch, state, stateSince,
                waitingSince, waitingFor, startedAt, version, hints, l);
    }

    public Agent withoutLocations() {
        return new Agent(pid, sessionId, claudeName, label, goal, ctxPct, cwd, branch, state, stateSince,
                waitingSince, waitingFor, startedAt, version, hints, List.of());
    }

    /** Adds hints the agent does not already have (the agent's own environ wins). */
    public Agent withHints(Map<String, String> more) {
        Map<String, String> h = new LinkedHashMap<>(more);
        h.putAll(hints);
        return new Agent(pid, sessionId, claudeName, label, goal, ctxPct, cwd, branch, state, stateSince,
                waitingSince, waitingFor, startedAt, version, h, locations);
    }

    /** The agent with its hints read again now ({@code fresh}, the process's environ) over those it had. */
    public Agent withFreshHints(Map<String, String> fresh) {
        if (fresh.isEmpty()) return this;
        Map<String, String> h = new LinkedHashMap<>(hints);
        h.putAll(fresh);
        return new Agent(pid, sessionId, claudeName, label, goal, ctxPct, cwd, branch, state, stateSince,
                waitingSince, waitingFor, startedAt, version, h, locations);
    }

    public Agent withLabel(String newLabel) {
        return new Agent(pid, sessionId, claudeName, newLabel, goal, ctxPct, cwd, branch, state, stateSince,
                waitingSince, waitingFor, startedAt, version, hints, locations);
    }

    public Agent withWaitingSince(Long since) {
        return new Agent(pid, sessionId, claudeName, label, goal, ctxPct, cwd, branch, state, stateSince,
                since, waitingFor, startedAt, version, hints, locations);
    }

    /** The first location of a given layer ("tmux", "kitty", "wm"). */
    public Optional<Location> location(String layer) {
        for (Location l : locations) if (l.layer().equals(layer)) return Optional.of(l);
        return Optional.empty();
    }

    /** The first location of a bridge's own type. */
    public <T extends Location> Optional<T> location(Class<T> type) {
        for (Location l : locations) if (type.isInstance(l)) return Optional.of(type.cast(l));
        return Optional.empty();
    }

    /** One entry of {@code fleet ls --json}: host and user first, then {@link #toJson()}. */
    public Map<String, Object> toJson(String host, String user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("user", user);
        m.putAll(toJson());
        return m;
    }

    /** The agent's own stable JSON fields (see {@link #toJson(String, String)} for the listing's). */
    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("session_id", sessionId);
        m.put("name", displayName());
        m.put("claude_name", claudeName);
        m.put("label", label);
        m.put("state", state.label());
        m.put("state_since", stateSince);
        m.put("waiting_since", waitingSince);
        m.put("waiting_for", waitingFor);
        m.put("cwd", cwd);
        m.put("branch", branch);
        m.put("started_at", startedAt == 0 ? null : startedAt);
        m.put("version", version);
        if (goal != null) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("goal", goal.goal());
            g.put("phase", goal.phase());
            g.put("role", goal.role());
            g.put("rename", goal.rename());
            m.put("goal", g);
        } else {
            m.put("goal", null);
        }
        m.put("ctx_pct", ctxPct);
        // a layer's field scripts rely on stays present (null) where the layer found nothing
        for (String id : Layers.load().alwaysInJson()) m.put(id, null);
        for (Location l : locations) m.put(l.layer(), l.toJson());
        m.put("env", new java.util.TreeMap<>(hints)); // by name: the same output every run (the hints come from sets)
        return m;
    }
}
