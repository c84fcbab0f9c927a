package dev.fleet.commands;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.locate.Location;
import java.util.ArrayList;
import java.util.List;

/** The human table of {@code fleet ls}: NAME, STATE (with age), PID, WHERE, CWD, BRANCH. */
public final class AgentTable {
    private static final String[] HEAD = {"NAME", "STATE", "PID", "WHERE", "CWD", "BRANCH"};
    private static final int MAX_NAME = 40;

    private AgentTable() {}

    public static String render(List<Agent> agents, long now, String home, Style style) {
        List<String[]> rows = new ArrayList<>();
        for (Agent a : agents) rows.add(row(a, now, home));
        int[] w = new int[HEAD.length];
        for (int i = 0; i < HEAD.length; i++) w[i] = HEAD[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder b = new StringBuilder();
        line(b, HEAD, w, null, style, true);
        for (int k = 0; k < rows.size(); k++) line(b, rows.get(k), w, agents.get(k), style, false);
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] w, Agent a, Style style, boolean head) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String cell = last ? cells[i] : pad(cells[i], w[i]);
            if (head) cell = style.bold(cell);
            else if (i == 1) cell = style.state(a.state(), cell);
            l.append(cell);
            if (!last) l.append("  ");
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    static String[] row(Agent a, long now, String home) {
        String name = a.displayName();
        if (name.length() > MAX_NAME) name = name.substring(0, MAX_NAME - 1) + "…";
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
