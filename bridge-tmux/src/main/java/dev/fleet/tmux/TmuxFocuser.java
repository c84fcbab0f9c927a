package dev.fleet.tmux;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.locate.Location;
import dev.fleet.core.locate.TerminalWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The innermost focus layer: moves a tmux client to the agent's session, window and pane. The client
 * is the one inside the terminal window being focused, else the most recently active one showing
 * the session, else the server's most recently active client.
 */
public final class TmuxFocuser {
    public List<FocusStep> plan(FocusContext ctx, Agent agent) {
        Optional<TmuxPane> loc = agent.location(TmuxPane.class);
        if (loc.isEmpty()) return List.of();
        TmuxPane p = loc.get();
        List<TmuxClient> candidates = p.candidates();
        // from the daemon's picture: which client to move depends on which one the user used last, which
        // the picture cannot know; so only with one client, and the step checks it is still the only one
        boolean pictured = ctx.flag(FocusContext.PICTURED);
        if (pictured && candidates.size() != 1) {
            throw new FocusException("tmux: the picture shows " + candidates.size() + " clients for " + p.serverName()
                    + "; which one to move needs a fresh look");
        }
        if (candidates.isEmpty()) return List.of(new NoClient(p));
        return List.of(new SelectPane(p, pick(agent, candidates), pictured));
    }

    /** The client inside the terminal window an outer layer matched, else the first candidate. */
    static TmuxClient pick(Agent agent, List<TmuxClient> candidates) {
        for (Location l : agent.locations()) {
            if (l instanceof TerminalWindow tw) {
                for (TmuxClient c : candidates) if (tw.hostsPid(c.pid())) return c;
            }
        }
        return candidates.get(0);
    }

    /** The command that shows the agent's very pane: for the "no client" message and {@code --attach}. */
    public static List<String> attachCommand(TmuxPane p) {
        return List.of("tmux", "-S", p.socket().toString(), "attach", "-t",
                "=" + p.pane().sessionName() + ":" + p.pane().windowId() + "." + p.pane().paneId());
    }

    /** No client is attached to the server at all. */
    record NoClient(TmuxPane pane) implements FocusStep {
        @Override
        public String layer() {
            return "tmux";
        }

        @Override
        public String describe() {
            return "no tmux client is attached to " + pane.serverName() + "; attach with: " + Shell.join(attachCommand(pane));
        }

        @Override
        public void run(FocusContext ctx) {
            throw new FocusException("tmux: no client shows " + pane.serverName() + " (session "
                    + pane.pane().sessionName() + "); attach with: " + Shell.join(attachCommand(pane))
                    + " (or use --attach)", ExitCodes.NOT_SHOWN);
        }
    }

    /** Switch the client to the pane's session (or stay in its group), select window and pane, unzoom. */
    record SelectPane(TmuxPane pane, TmuxClient client, boolean pictured) implements FocusStep {
        SelectPane(TmuxPane pane, TmuxClient client) {
            this(pane, client, false);
        }

        @Override
        public String layer() {
            return "tmux";
        }

        /** The client's own session when it is grouped with the agent's (so it stays in its group). */
        String targetSession() {
            return sameGroup() ? client.sessionName() : pane.pane().sessionName();
        }

        private boolean sameGroup() {
            if (client.sessionName().equals(pane.pane().sessionName())) return true;
            return pane.clients().contains(client) && !pane.pane().sessionGroup().isEmpty();
        }

        List<String> commands() {
            PaneRow r = pane.pane();
            String session = "=" + targetSession();
            List<String> a = new ArrayList<>();
            // always, even when the client was seen on that session: the daemon's picture may have seen it a
            // while ago (switching to the session it is on changes nothing, not even its last session)
            a.addAll(List.of("switch-client", "-c", client.tty(), "-t", session, ";"));
            if (r.windowZoomed() && !r.paneActive()) a.addAll(List.of("resize-pane", "-Z", "-t", r.paneId(), ";"));
            a.addAll(List.of("select-window", "-t", session + ":" + r.windowId(), ";"));
            a.addAll(List.of("select-pane", "-t", r.paneId()));
            return a;
        }

        @Override
        public String describe() {
            PaneRow r = pane.pane();
            return "client " + client.tty() + " (pid " + client.pid() + ") → " + targetSession() + ":" + r.windowId()
                    + "." + r.paneId() + " on " + pane.serverName() + (r.windowZoomed() && !r.paneActive() ? ", unzoom" : "")
                    + "  [tmux " + String.join(" ", commands()) + "]";
        }

        @Override
        public void run(FocusContext ctx) {
            Tmux tmux = new Tmux(ctx.exec(), pane.socket());
            // Done only when the client really shows the agent's pane: read back in the same tmux call (one
            // process, not two: a hotkey's switch is a few process starts long), after the moves succeeded
            // (tmux stops a sequence at its first failing command)
            List<String> cmds = new ArrayList<>(commands());
            cmds.addAll(List.of(";", "list-clients", "-F", CLIENT_PANE));
            // in the daemon: through its control client on that server, no process started (TmuxControls)
            var res = TmuxControls.run(tmux, pane.pane().sessionId(), cmds);
            if (!res.ok()) throw new FocusException("tmux: " + res.firstErrorLine() + " (server " + pane.serverName() + ")");
            if (pictured && userRows(res.out()).size() != 1) {
                throw new FocusException("tmux: " + pane.serverName() + " has another client since the picture was made");
            }
            String now = paneOf(res.out(), client.tty());
            if (!now.equals(pane.pane().paneId())) {
                throw new FocusException("tmux: client " + client.tty() + " shows " + (now.isEmpty() ? "nothing" : now)
                        + ", not " + pane.pane().paneId());
            }
        }
    }

    /** Control clients (the daemon's own, an iTerm2) show no pane to anyone: their rows are left out. */
    private static final String CLIENT_PANE = "#{client_control_mode}\t#{client_tty}\t#{pane_id}";

    /** The rows of {@code list-clients -F CLIENT_PANE} of clients that are not in control mode, without that field. */
    static List<String> userRows(String listClients) {
        List<String> out = new ArrayList<>();
        for (String line : listClients.split("\n")) {
            if (line.startsWith("0\t")) out.add(line.substring(2));
        }
        return out;
    }

    /**
     * The pane a client shows, read from the client's own row of {@code list-clients}: a format given
     * to {@code display-message -c <client>} is expanded against the most recently used session, not
     * that client's, so with two clients on a server it can name the other client's pane. Empty when
     * the client is gone.
     */
    static String paneOf(String listClients, String tty) {
        for (String line : userRows(listClients)) {
            int tab = line.lastIndexOf('\t');
            if (tab > 0 && line.substring(0, tab).equals(tty)) return line.substring(tab + 1).strip();
        }
        return "";
    }
}
