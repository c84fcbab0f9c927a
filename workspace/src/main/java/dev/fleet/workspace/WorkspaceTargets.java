package dev.fleet.workspace;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.tmux.Tmux;
import dev.fleet.tmux.TmuxPane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns located agents into workspace targets; agents not in tmux are listed as skipped, with why. */
public final class WorkspaceTargets {
    private WorkspaceTargets() {}

    /** An agent that gets no pane, and the reason (one line). */
    public record Skipped(Agent agent, String reason) {}

    public record Selection(List<WorkspaceTarget> targets, List<Skipped> skipped) {}

    private static final String FORMAT = "#{pane_id}\t#{session_id}\t#{window_id}\t#{session_name}";

    /**
     * One {@code list-panes -a} per server (never per agent). A pane of a grouped session is listed once
     * per session of the group; the agent's own session is the one that is not a {@code fleet-ws-}
     * linked session (the locator may have reported either).
     */
    public static Selection select(List<Agent> agents, Exec exec) {
        List<WorkspaceTarget> targets = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Map<Path, Map<String, String[]>> rowsByServer = new LinkedHashMap<>();
        for (Agent a : agents) {
            if (!a.alive()) continue;
            TmuxPane loc = a.location(TmuxPane.class).orElse(null);
            if (loc == null) {
                skipped.add(new Skipped(a, "not in tmux (a workspace pane can only show a tmux pane)"));
                continue;
            }
            Map<String, String[]> rows = rowsByServer.computeIfAbsent(loc.socket(), s -> ownRows(new Tmux(exec, s)));
            String[] row = rows.get(loc.pane().paneId());
            if (row == null) {
                skipped.add(new Skipped(a, "its pane " + loc.pane().paneId() + " is in no session of its own on "
                        + loc.socket()));
                continue;
            }
            String state = a.state() == null ? "unknown" : a.state().label();
            targets.add(new WorkspaceTarget(a.pid(), a.sessionId(), a.displayName(), state, loc.socket(),
                    row[3], row[1], row[2], row[0]));
        }
        return new Selection(targets, skipped);
    }

    /** pane id → its row in a session that is not one of ours; empty when the server does not answer. */
    private static Map<String, String[]> ownRows(Tmux tmux) {
        Map<String, String[]> out = new LinkedHashMap<>();
        Exec.Result r = tmux.run("list-panes", "-a", "-F", FORMAT);
        if (!r.ok()) return out;
        for (String line : r.out().split("\n")) {
            String[] f = line.split("\t", 4);
            if (f.length < 4 || WorkspaceTarget.isLinked(f[3])) continue;
            out.putIfAbsent(f[0], f);
        }
        return out;
    }
}
