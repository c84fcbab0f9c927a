package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Attention;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Marks for a user's tmux status line: the pane option {@code @fleet_state} (waiting, busy, idle) on
 * each agent's pane, and the window option {@code @fleet_waiting} = 1 on each window where an agent
 * waits (unset otherwise, so {@code #{?@fleet_waiting,…,…}} tests it). One tmux call per server per
 * change; both options are unset again by {@link #clear}.
 */
final class TmuxAttention implements Attention {
    static final String PANE_OPTION = "@fleet_state";
    static final String WINDOW_OPTION = "@fleet_waiting";

    /** A pane or a window ({@code %3}, {@code @2}) of one server. */
    record Target(Path socket, String id) {}

    private Map<Target, String> paneStates = new HashMap<>();
    private Set<Target> waitingWindows = new HashSet<>();

    @Override
    public synchronized void show(FocusContext ctx, List<Agent> agents) {
        Map<Target, String> panes = new LinkedHashMap<>();
        Set<Target> windows = new HashSet<>();
        for (Agent a : agents) {
            TmuxPane p = a.location(TmuxPane.class).orElse(null);
            String state = label(a.state());
            if (p == null || state == null) continue;
            Target pane = new Target(p.socket(), p.pane().paneId());
            // two agents cannot share a pane, but should a stale picture say so, waiting wins
            if (!"waiting".equals(panes.get(pane))) panes.put(pane, state);
            if (a.state() == AgentState.WAITING) windows.add(new Target(p.socket(), p.pane().windowId()));
        }
        Map<Path, List<List<String>>> calls = new LinkedHashMap<>();
        // unsets first: a pane that moved keeps its id and must end up set
        for (Target t : paneStates.keySet()) {
            if (!panes.containsKey(t)) add(calls, t, List.of("set-option", "-p", "-u", "-t", t.id(), PANE_OPTION));
        }
        for (Target t : waitingWindows) {
            if (!windows.contains(t)) add(calls, t, List.of("set-option", "-w", "-u", "-t", t.id(), WINDOW_OPTION));
        }
        panes.forEach((t, state) -> {
            if (!state.equals(paneStates.get(t))) add(calls, t, List.of("set-option", "-p", "-t", t.id(), PANE_OPTION, state));
        });
        for (Target t : windows) {
            if (!waitingWindows.contains(t)) add(calls, t, List.of("set-option", "-w", "-t", t.id(), WINDOW_OPTION, "1"));
        }
        calls.forEach((socket, cmds) -> run(ctx, socket, cmds));
        // what failed belongs to a pane, window or server that is gone: nothing of ours is left there
        paneStates = new HashMap<>(panes);
        waitingWindows = windows;
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
