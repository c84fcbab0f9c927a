package dev.fleet.commands;

import dev.fleet.core.claude.AgentState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A query against other hosts' {@code ls --json} objects, ranked as {@code AgentQuery} ranks this machine's
 * agents (exact &gt; prefix &gt; word prefix &gt; substring; no subsequence: a loose guess must not reach
 * another machine), on the same fields: label, name, goal, folder, branch, session id (prefix), pid (exact),
 * tmux session and pane id. Ties: waiting first, longest waiting first, then the most recently changed.
 */
final class RemoteMatch {
    private RemoteMatch() {}

    /** One host's agent. */
    record Hit(String host, Map<String, Object> agent, int kind) {}

    /** Waiting first, longest waiting first; then the most recently changed. */
    static final Comparator<Hit> TIE_BREAK = (a, b) -> {
        boolean wa = waiting(a.agent()), wb = waiting(b.agent());
        if (wa != wb) return wa ? -1 : 1;
        if (wa) {
            int c = Long.compare(waitStart(a.agent()), waitStart(b.agent()));
            if (c != 0) return c;
        }
        return Long.compare(num(b.agent(), "state_since"), num(a.agent(), "state_since"));
    };

    /** The best hit over every host's current listing, or null. */
    static Hit choose(List<RemoteAgents.Listing> listings, String query) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) return null;
        List<Hit> hits = new ArrayList<>();
        for (RemoteAgents.Listing l : listings) {
            for (Map<String, Object> a : l.agents()) {
                if ("dead".equals(a.get("state"))) continue;
                int k = best(a, q);
                if (k >= 0) hits.add(new Hit(l.host(), a, k));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::kind).thenComparing(TIE_BREAK));
        return hits.isEmpty() ? null : hits.get(0);
    }

    /** The remote agent waiting longest ({@code fleet next}), or null. */
    static Hit longestWaiting(List<RemoteAgents.Listing> listings) {
        Hit best = null;
        for (RemoteAgents.Listing l : listings) {
            for (Map<String, Object> a : l.agents()) {
                Hit h = new Hit(l.host(), a, 0);
                if (waiting(a) && (best == null || TIE_BREAK.compare(h, best) < 0)) best = h;
            }
        }
        return best;
    }

    static boolean waiting(Map<String, Object> a) {
        return RemoteRow.state(a) == AgentState.WAITING;
    }

    static long waitStart(Map<String, Object> a) {
        long w = num(a, "waiting_since");
        return w > 0 ? w : num(a, "state_since");
    }

    /** The best kind of match of {@code q} on any field: 0 exact … 3 substring; -1 none. */
    private static int best(Map<String, Object> a, String q) {
        int k = -1;
        if (a.get("pid") instanceof Number n && Long.toString(n.longValue()).equals(q)) return 0;
        if (a.get("session_id") instanceof String sid && !sid.isEmpty() && sid.toLowerCase(Locale.ROOT).startsWith(q)) {
            k = sid.length() == q.length() ? 0 : 1;
        }
        List<String> values = new ArrayList<>();
        for (String f : List.of("label", "name", "claude_name", "cwd", "branch")) values.add(str(a.get(f)));
        String cwd = str(a.get("cwd"));
        values.add(cwd.substring(cwd.lastIndexOf('/') + 1));
        if (a.get("goal") instanceof Map<?, ?> g) values.add(str(g.get("goal")));
        if (a.get("tmux") instanceof Map<?, ?> t) {
            values.add(str(t.get("session")));
            values.add(str(t.get("pane_id")));
        }
        for (String v : values) {
            int m = kind(v.toLowerCase(Locale.ROOT), q);
            if (m >= 0 && (k < 0 || m < k)) k = m;
        }
        return k;
    }

    static int kind(String v, String q) {
        if (v.isEmpty()) return -1;
        if (v.equals(q)) return 0;
        if (v.startsWith(q)) return 1;
        for (int i = v.indexOf(q); i > 0; i = v.indexOf(q, i + 1)) {
            if (!Character.isLetterOrDigit(v.charAt(i - 1))) return 2;
        }
        return v.contains(q) ? 3 : -1;
    }

    private static String str(Object o) {
        return o instanceof String s ? s : "";
    }

    private static long num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
