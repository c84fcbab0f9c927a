package dev.fleet.tmux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tmux server as a single query saw it: every pane and every client. Built from one
 * {@code list-panes -a ; list-clients} invocation, never one per agent.
 */
public record ServerView(Path socket, int serverPid, List<PaneRow> panes, List<TmuxClient> clients) {
    static final String SEP = "\t";
    /** Session and window names go last: tmux escapes tabs in names, and nothing comes after them. */
    static final String PANE_FORMAT = String.join(SEP, "P", "#{pane_id}", "#{pane_pid}", "#{session_id}",
            "#{window_id}", "#{window_index}", "#{pane_index}", "#{pane_active}", "#{window_active}",
            "#{session_attached}", "#{window_zoomed_flag}", "#{session_group}", "#{pid}", "#{window_name}",
            "#{session_name}");
    static final String CLIENT_FORMAT = String.join(SEP, "C", "#{client_pid}", "#{client_tty}",
            "#{client_activity}", "#{client_flags}", "#{client_session}");

    /** Queries one server. Empty when no server answers at that socket (a stale socket is not an error). */
    public static Optional<ServerView> query(Tmux tmux) {
        var r = tmux.run("list-panes", "-a", "-F", PANE_FORMAT, ";", "list-clients", "-F", CLIENT_FORMAT);
        if (!r.ok()) {
            if (Tmux.isNoServer(r.err())) return Optional.empty();
            throw new TmuxException("tmux on " + tmux.socket() + ": " + r.firstErrorLine());
        }
        return Optional.of(parse(tmux.socket(), r.out()));
    }

    static ServerView parse(Path socket, String out) {
        List<PaneRow> panes = new ArrayList<>();
        List<TmuxClient> clients = new ArrayList<>();
        int serverPid = 0;
        for (String line : out.split("\n")) {
            String[] f = line.split(SEP, -1);
            try {
                if (f[0].equals("P") && f.length >= 15) {
                    PaneRow p = new PaneRow(f[1], Integer.parseInt(f[2]), f[3], f[4], Integer.parseInt(f[5]),
                            Integer.parseInt(f[6]), f[7].equals("1"), f[8].equals("1"), Integer.parseInt(f[9]),
                            f[10].equals("1"), f[11], Integer.parseInt(f[12]), f[13],
                            String.join(SEP, java.util.Arrays.copyOfRange(f, 14, f.length)));
                    serverPid = p.serverPid();
                    panes.add(p);
                } else if (f[0].equals("C") && f.length >= 6) {
                    String session = String.join(SEP, java.util.Arrays.copyOfRange(f, 5, f.length));
                    // a workspace viewer attaches ignore-size, or plain to a window nobody else shows: its
                    // session is one of fleet's linked sessions either way; a watcher (fleet watch) is never the user's terminal
                    // a control client (the daemon's own, kept for its switches) shows nothing to anyone
                    List<String> flags = java.util.Arrays.asList(f[4].split(","));
                    boolean viewer = flags.contains("ignore-size") || flags.contains("control-mode")
                            || session.startsWith(TmuxLocator.LINKED_PREFIX) || session.startsWith(TmuxWatcher.PREFIX);
                    clients.add(new TmuxClient(Integer.parseInt(f[1]), f[2], parseLong(f[3]), session, viewer));
                }
            } catch (NumberFormatException e) {
                // a line we do not understand (a future tmux); the others still count
            }
        }
        clients.sort(Comparator.comparingLong(TmuxClient::activity).reversed());
        return new ServerView(socket, serverPid, List.copyOf(panes), List.copyOf(clients));
    }

    private static long parseLong(String s) {
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }

    /** The user's own clients (not workspace viewers), most recently active first. */
    public List<TmuxClient> userClients() {
        List<TmuxClient> out = new ArrayList<>();
        for (TmuxClient c : clients) if (!c.viewer()) out.add(c);
        return out;
    }

    /**
     * The user's clients showing the session (or another session of its group), most recently active
     * first. Viewers (clients of fleet's workspace: ignore-size, or on a linked session) do not count: they are not the
     * terminal a user means when they ask for an agent.
     */
    public List<TmuxClient> clientsShowing(PaneRow pane) {
        Map<String, String> groupOf = new HashMap<>();
        for (PaneRow p : panes) groupOf.put(p.sessionName(), p.sessionGroup());
        List<TmuxClient> out = new ArrayList<>();
        for (TmuxClient c : userClients()) {
            boolean same = c.sessionName().equals(pane.sessionName());
            String g = groupOf.get(c.sessionName());
            boolean grouped = !pane.sessionGroup().isEmpty() && pane.sessionGroup().equals(g);
            if (same || grouped) out.add(c);
        }
        return out;
    }
}
