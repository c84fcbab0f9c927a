package dev.fleet.core.query;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.locate.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses agents for {@code fleet switch <query>}. A query is matched, case-insensitively, against
 * the label, Claude's name, the goal, the cwd (path and basename), the branch, the session id (prefix
 * only), the pid (exact only), and the names locations offer (tmux session name, pane id). Ranking:
 * exact &gt; prefix &gt; word prefix &gt; substring &gt; subsequence; ties go to the agent waiting
 * longest, then to the most recently active.
 */
public final class AgentQuery {
    private AgentQuery() {}

    /** Tie-break: waiting agents first, longest waiting first; then the most recently changed. */
    public static final Comparator<Agent> TIE_BREAK = (a, b) -> {
        boolean wa = a.state() == AgentState.WAITING, wb = b.state() == AgentState.WAITING;
        if (wa != wb) return wa ? -1 : 1;
        if (wa) {
            int c = Long.compare(waitStart(a), waitStart(b));
            if (c != 0) return c;
        }
        int c = Long.compare(b.stateSince(), a.stateSince());
        return c != 0 ? c : Integer.compare(a.pid(), b.pid());
    };

    /** Every live agent that matches, best first. */
    public static List<Match> rank(List<Agent> agents, String query) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<Match> out = new ArrayList<>();
        if (q.isEmpty()) return out;
        for (Agent a : agents) {
            if (!a.alive()) continue;
            best(a, q).ifPresent(out::add);
        }
        out.sort(Comparator.comparing(Match::kind).thenComparing(Match::agent, TIE_BREAK));
        return out;
    }

    /** The best-ranked agent, if any matches. */
    public static Optional<Match> choose(List<Agent> agents, String query) {
        List<Match> r = rank(agents, query);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** The agent waiting longest ({@code fleet next}). */
    public static Optional<Agent> longestWaiting(List<Agent> agents) {
        return agents.stream().filter(a -> a.state() == AgentState.WAITING).min(TIE_BREAK);
    }

    /** Agents closest to a query that matched nothing, for the "did you mean" list. */
    public static List<Agent> closest(List<Agent> agents, String query, int limit) {
        String q = query.trim().toLowerCase(Locale.ROOT);
        List<Agent> live = new ArrayList<>();
        for (Agent a : agents) if (a.alive()) live.add(a);
        live.sort(Comparator.comparingInt((Agent a) -> distance(q, a)).thenComparing(TIE_BREAK));
        return live.subList(0, Math.min(limit, live.size()));
    }

    private static long waitStart(Agent a) {
        return a.waitingSince() != null ? a.waitingSince() : a.stateSince();
    }

    private static Optional<Match> best(Agent a, String q) {
        Match best = null;
        best = better(best, a, "label", a.label(), q);
        best = better(best, a, "name", a.claudeName(), q);
        if (a.goal() != null) {
            best = better(best, a, "goal", a.goal().goal(), q);
            best = better(best, a, "rename", a.goal().rename(), q);
        }
        best = better(best, a, "cwd", a.basename(), q);
        best = better(best, a, "cwd", a.cwd(), q);
        best = better(best, a, "branch", a.branch(), q);
        for (Location l : a.locations()) for (String n : l.names()) best = better(best, a, l.layer(), n, q);
        if (a.sessionId() != null && a.sessionId().toLowerCase(Locale.ROOT).startsWith(q)) {
            best = keep(best, new Match(a, q.length() == a.sessionId().length() ? MatchKind.EXACT : MatchKind.PREFIX,
                    "session_id", a.sessionId()));
        }
        if (Integer.toString(a.pid()).equals(q)) best = keep(best, new Match(a, MatchKind.EXACT, "pid", q));
        return Optional.ofNullable(best);
    }

    private static Match better(Match cur, Agent a, String field, String value, String q) {
        if (value == null || value.isEmpty()) return cur;
        MatchKind k = kind(value.toLowerCase(Locale.ROOT), q);
        return k == null ? cur : keep(cur, new Match(a, k, field, value));
    }

    private static Match keep(Match cur, Match m) {
        return cur == null || m.kind().compareTo(cur.kind()) < 0 ? m : cur;
    }

    static MatchKind kind(String v, String q) {
        if (v.equals(q)) return MatchKind.EXACT;
        if (v.startsWith(q)) return MatchKind.PREFIX;
        int i = v.indexOf(q);
        if (i >= 0) {
            // i > 0 here (a match at 0 is a prefix): a word starts after any non-alphanumeric
            for (int at = i; at >= 0; at = v.indexOf(q, at + 1)) {
                if (!Character.isLetterOrDigit(v.charAt(at - 1))) return MatchKind.WORD_PREFIX;
            }
            return MatchKind.SUBSTRING;
        }
        int j = 0;
        for (int k = 0; k < v.length() && j < q.length(); k++) if (v.charAt(k) == q.charAt(j)) j++;
        return j == q.length() ? MatchKind.SUBSEQUENCE : null;
    }

    private static int distance(String q, Agent a) {
        int d = Integer.MAX_VALUE;
        for (String s : new String[] {a.displayName(), a.basename(), a.branch()}) {
            if (s != null) d = Math.min(d, levenshtein(q, s.toLowerCase(Locale.ROOT)));
        }
        return d;
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
