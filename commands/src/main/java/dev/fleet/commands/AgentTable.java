package dev.fleet.commands;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.locate.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The human table of {@code fleet ls}: NAME, STATE (with age), PID, WHERE, CWD, BRANCH. */
public final class AgentTable {
    private static final String[] HEAD = {"NAME", "STATE", "PID", "WHERE", "CWD", "BRANCH"};
    private static final int MAX_NAME = 40;

    private AgentTable() {}

    public static String render(List<Agent> agents, long now, String home, Style style) {
        List<String[]> rows = new ArrayList<>();
        List<AgentState> states = new ArrayList<>();
        for (Agent a : agents) {
            rows.add(row(a, now, home));
            states.add(a.state());
        }
        return table(HEAD, rows, states, 1, style);
    }

    /**
     * The table with a HOST column first: this machine's agents as {@code localHost}, then each remote
     * host's ({@code fleet ls --json} objects; their strings lose control characters, so a host's answer
     * cannot drive the terminal). A stale host's agents have {@code ?} after the host.
     */
    public static String renderHosts(String localHost, List<Agent> local, List<RemoteAgents.Listing> remote, long now,
            String home, Style style) {
        List<String[]> rows = new ArrayList<>();
        List<AgentState> states = new ArrayList<>();
        for (Agent a : local) {
            rows.add(withHost(localHost, row(a, now, home)));
            states.add(a.state());
        }
        for (RemoteAgents.Listing l : remote) {
            for (Map<String, Object> m : l.agents()) {
                // a host whose stream is down: its last known agents, marked (the state may have moved on)
                rows.add(withHost(l.stale() == null ? l.host() : l.host() + "?", RemoteRow.cells(m, now)));
                states.add(RemoteRow.state(m));
            }
        }
        String[] head = withHost("HOST", HEAD);
        return table(head, rows, states, 2, style);
    }

    private static String[] withHost(String host, String[] cells) {
        String[] r = new String[cells.length + 1];
        r[0] = host;
        System.arraycopy(cells, 0, r, 1, cells.length);
        return r;
    }

    private static String table(String[] head, List<String[]> rows, List<AgentState> states, int stateCol, Style style) {
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) w[i] = head[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder b = new StringBuilder();
        line(b, head, w, null, -1, style, true);
        for (int k = 0; k < rows.size(); k++) line(b, rows.get(k), w, states.get(k), stateCol, style, false);
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] w, AgentState state, int stateCol, Style style, boolean head) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String cell = last ? cells[i] : pad(cells[i], w[i]);
            if (head) cell = style.bold(cell);
            else if (i == stateCol) cell = style.state(state, cell);
            l.append(cell);
            if (!last) l.append("  ");
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    static String[] row(Agent a, long now, String home) {
        String name = shorten(a.displayName());
        // a waiting agent's age is how long it has waited (the daemon keeps that across status rewrites)
        long since = a.state() == dev.fleet.core.claude.AgentState.WAITING && a.waitingSince() != null ? a.waitingSince() : a.stateSince();
        String state = a.state().label() + (since > 0 ? " " + Ages.format(now - since) : "");
        return new String[] {name, state, Integer.toString(a.pid()), where(a), tilde(a.cwd(), home),
                a.branch() == null ? "-" : a.branch()};
    }

    /** All layers, inside out: {@code tmux fleet:%12 work:2.0, kitty 1/2/3, i3 ws 2}; "-" when none. */
    public static String where(Agent a) {
        if (a.locations().isEmpty()) return "-";
        StringBuilder b = new StringBuilder();
        for (Location l : a.locations()) {
            if (b.length() > 0) b.append(", ");
            b.append(l.where());
        }
        return b.toString();
    }

    static String shorten(String name) {
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME - 1) + "…" : name;
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) b.append(' ');
        return b.toString();
    }

    static String tilde(String cwd, String home) {
        if (cwd == null) return "-";
        if (home != null && !home.isEmpty() && !home.equals("/")) {
            if (cwd.equals(home)) return "~";
            if (cwd.startsWith(home + "/")) return "~" + cwd.substring(home.length());
        }
        return cwd;
    }
}
