package dev.fleet.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The workspace's remote tiles: every host's agents in tmux (or the best match of each query, as {@code switch}
 * matches on hosts), each with the local argv of its viewer ({@link RemoteWatch}: the host plans a read-only
 * view, this machine runs it through {@code ssh -t}); a host that does not answer is a tile of its own saying
 * why, never a failed workspace.
 */
public final class RemoteViewers {
    private RemoteViewers() {}

    /**
     * One tile: an agent of {@code host} and its viewer's argv, or (agent null) the host that is down and why.
     *
     * @param agent the host's {@code ls --json} object for the agent (checked: a numeric pid)
     */
    public record Tile(String host, Map<String, Object> agent, List<String> argv, String down) {}

    /** The tiles of every configured host; {@code note}: an agent left out and why (one line each). */
    public static List<Tile> tiles(Settings s, List<String> queries, Consumer<String> note) {
        RemoteAgents p = RemoteAgents.load();
        if (p == null || !p.configured(s)) return List.of();
        RemoteAgents.Pending pending;
        try {
            pending = p.ask(s, List.of(), false);
        } catch (RuntimeException e) {
            note.accept("hosts: " + e.getMessage());
            return List.of();
        }
        if (pending == null) return List.of();
        List<Tile> out = new ArrayList<>();
        List<RemoteAgents.Listing> listings = pending.await(w -> {
            String host = hostOf(w);
            if (host == null) note.accept(w);
            else out.add(new Tile(host, null, null, w.replace("; its agents are not listed", "")));
        });
        for (Map.Entry<String, Map<String, Object>> e : chosen(listings, queries).entrySet()) {
            Map<String, Object> agent = e.getValue();
            String host = e.getKey().substring(0, e.getKey().indexOf('\n'));
            String who = RemoteRow.str(agent, "name") + " (pid " + pid(agent) + " on " + host + ")";
            if (!(agent.get("tmux") instanceof Map)) {
                note.accept("skipped " + who + ": not in tmux (a workspace pane can only show a tmux pane)");
                continue;
            }
            try {
                out.add(new Tile(host, agent, RemoteWatch.plan(s, p, host, pid(agent)).local(), null));
            } catch (RuntimeException x) {
                note.accept("skipped " + who + ": " + x.getMessage());
            }
        }
        return out;
    }

    /** host + "\n" + pid → agent: all of every listing, or each query's best match ({@link RemoteMatch}). */
    private static Map<String, Map<String, Object>> chosen(List<RemoteAgents.Listing> listings, List<String> queries) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (queries.isEmpty()) {
            for (RemoteAgents.Listing l : listings) for (Map<String, Object> a : l.agents()) out.put(l.host() + "\n" + pid(a), a);
            return out;
        }
        for (String q : queries) {
            RemoteMatch.Hit h = RemoteMatch.choose(listings, q);
            if (h != null) out.put(h.host() + "\n" + pid(h.agent()), h.agent());
        }
        return out;
    }

    private static long pid(Map<String, Object> agent) {
        return ((Number) agent.get("pid")).longValue();
    }

    /** The host a provider's warning names ({@code host <name>: why}), else null. */
    static String hostOf(String warning) {
        if (!warning.startsWith("host ")) return null;
        int colon = warning.indexOf(": ");
        return colon < 0 ? null : warning.substring(5, colon);
    }
}
