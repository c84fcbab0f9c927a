package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Attention;
import dev.fleet.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marks for a user's tmux status line: the pane options {@code @fleet_state} (waiting, busy, idle) and
 * {@code @fleet_since} (when that state began, epoch seconds: a format can show its age) on each agent's
 * pane, and the window option {@code @fleet_waiting} = 1 on each window where an agent waits (unset
 * otherwise, so {@code #{?@fleet_waiting,…,…}} tests it). One tmux call per server per change; all are
 * unset again by {@link #clear}.
 */
final class TmuxAttention implements Attention {
    static final String PANE_OPTION = "@fleet_state";
    static final String SINCE_OPTION = "@fleet_since";
    static final String WINDOW_OPTION = "@fleet_waiting";

    /** A pane or a window ({@code %3}, {@code @2}) of one server. */
    record Target(Path socket, String id) {}

    /** What a pane shows: its agent's state and since when (epoch seconds). */
    record Mark(String state, long since) {}

    private Map<Target, Mark> paneStates = new HashMap<>();
    private Set<Target> waitingWindows = new HashSet<>();

    @Override
    public synchronized void show(FocusContext ctx, List<Agent> agents) {
        Map<Target, Mark> panes = new LinkedHashMap<>();
        Set<Target> windows = new HashSet<>();
        for (Agent a : agents) {
            TmuxPane p = a.location(TmuxPane.class).orElse(null);
            String state = label(a.state());
            if (p == null || state == null) continue;
            Target pane = new Target(p.socket(), p.pane().paneId());
            // two agents cannot share a pane, but should a stale picture say so, waiting wins
            Mark had = panes.get(pane);
            if (had == null || !"waiting".equals(had.state())) panes.put(pane, new Mark(state, since(a) / 1000));
            if (a.state() == AgentState.WAITING) windows.add(new Target(p.socket(), p.pane().windowId()));
        }
        Map<Path, List<List<String>>> calls = new LinkedHashMap<>();
        // unsets first: a pane that moved keeps its id and must end up set
        for (Target t : paneStates.keySet()) {
            if (!panes.containsKey(t)) {
                add(calls, t, List.of("set-option", "-p", "-u", "-t", t.id(), PANE_OPTION));
                add(calls, t, List.of("set-option", "-p", "-u", "-t", t.id(), SINCE_OPTION));
            }
        }
        for (Target t : waitingWindows) {
            if (!windows.contains(t)) add(calls, t, List.of("set-option", "-w", "-u", "-t", t.id(), WINDOW_OPTION));
        }
        panes.forEach((t, mark) -> {
            Mark was = paneStates.get(t);
            // since first: a format that shows the state with its age never pairs a new state with an old age
            if (was == null || was.since() != mark.since()) {
                add(calls, t, List.of("set-option", "-p", "-t", t.id(), SINCE_OPTION, Long.toString(mark.since())));
            }
            if (was == null || !was.state().equals(mark.state())) {
                add(calls, t, List.of("set-option", "-p", "-t", t.id(), PANE_OPTION, mark.state()));
            }
        });
        for (Target t : windows) {
            if (!waitingWindows.contains(t)) add(calls, t, List.of("set-option", "-w", "-t", t.id(), WINDOW_OPTION, "1"));
        }
        calls.forEach((socket, cmds) -> run(ctx, socket, cmds));
        // what failed belongs to a pane, window or server that is gone: nothing of ours is left there
        paneStates = new HashMap<>(panes);
        waitingWindows = windows;
    }

    /** When the agent's state began, epoch ms: its wait's start for a waiting agent. */
    static long since(Agent a) {
        return a.state() == AgentState.WAITING && a.waitingSince() != null ? a.waitingSince() : a.stateSince();
    }

    @Override
    public synchronized List<Map<String, Object>> ledger() {
        List<Map<String, Object>> l = new ArrayList<>();
        paneStates.forEach((t, m) -> l.add(Map.of("socket", t.socket().toString(), "pane", t.id(), "state", m.state(),
                "since", m.since())));
        for (Target t : waitingWindows) l.add(Map.of("socket", t.socket().toString(), "window", t.id()));
        return l;
    }

    @Override
    public synchronized void adopt(List<Map<String, Object>> ledger) {
        for (Map<String, Object> e : ledger) {
            String socket = Json.str(e, "socket");
            if (socket == null) continue;
            String pane = Json.str(e, "pane");
            String window = Json.str(e, "window");
            if (pane != null && Json.str(e, "state") != null) {
                paneStates.put(new Target(Path.of(socket), pane), new Mark(Json.str(e, "state"), Json.lng(e, "since", -1)));
            } else if (window != null) {
                waitingWindows.add(new Target(Path.of(socket), window));
            }
        }
    }

    /** The option's value for a state; null (no option) for a state fleet does not know. */
    static String label(AgentState s) {
        return switch (s) {
            case WAITING, BUSY, IDLE -> s.label();
            default -> null;
        };
    }

    private static void add(Map<Path, List<List<String>>> calls, Target t, List<String> cmd) {
        calls.computeIfAbsent(t.socket(), k -> new ArrayList<>()).add(cmd);
    }

    /**
     * All of one server's changes in one call, joined with {@code ;}. tmux stops a sequence at its first
     * failing command (a pane closed since), so on failure each runs alone and the rest still land.
     */
    private static void run(FocusContext ctx, Path socket, List<List<String>> cmds) {
        Tmux tmux = new Tmux(ctx.exec(), socket);
        List<String> joined = new ArrayList<>();
        for (List<String> c : cmds) {
            if (!joined.isEmpty()) joined.add(";");
            joined.addAll(c);
        }
        try {
            var r = tmux.run(joined);
            if (r.ok()) return;
            if (cmds.size() == 1) {
                note(ctx, socket, cmds.get(0), r.firstErrorLine());
                return;
            }
            for (List<String> c : cmds) {
                var one = tmux.run(c);
                if (!one.ok()) note(ctx, socket, c, one.firstErrorLine());
            }
        } catch (ExecException e) {
            ctx.verbose().accept("tmux marks on " + socket + ": " + e.getMessage());
        }
    }

    private static void note(FocusContext ctx, Path socket, List<String> cmd, String why) {
        ctx.verbose().accept("tmux marks on " + socket + ": " + String.join(" ", cmd) + ": " + why);
    }
}
