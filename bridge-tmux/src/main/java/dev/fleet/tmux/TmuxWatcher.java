package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Watcher;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code fleet watch} in tmux: one tmux command that creates a session grouped with the agent's (its own
 * current window, so the user's session does not move), hooks {@code client-detached} on it to
 * {@code kill-session} itself (tmux runs it the moment its client detaches or dies: nothing left
 * behind, the hook goes with the session) and shows the agent's window, attached as a {@code read-only}
 * client (tmux drops every key it types that is not bound to a read-only command; its commands are
 * refused: "client is read-only").
 *
 * <p>Not {@code destroy-unattached on}: tmux 3.3a destroys such a session without first clearing the
 * clients that refer to it, and the server crashed (all the user's sessions gone) about once in five
 * detaches here; fixed upstream in 2026 (tmux commit 72c5037f, GitHub issue 5497). It is set {@code off}
 * on the viewer's session, so a user config that turns it on globally does not bring that crash to
 * every watch.
 *
 * <p>Size: when a user's own client shows the agent's window the viewer is also {@code ignore-size},
 * so the window keeps that client's size. Otherwise it is a normal-sized client, so the window fits the
 * viewer — not {@code ignore-size}, because tmux 3.3 ignores such a client whenever any other client is
 * attached to the server, even one showing another session (resize.c, ignore_client_size), and the
 * window would then keep its old size.
 */
final class TmuxWatcher implements Watcher {
    /** Sessions of watchers: never a user's client, whatever their flags. */
    static final String PREFIX = "fleet-watch-";

    @Override
    public Optional<Plan> plan(FocusContext ctx, Agent agent) {
        Optional<TmuxPane> loc = agent.location(TmuxPane.class);
        if (loc.isEmpty()) return Optional.empty();
        TmuxPane p = loc.get();
        boolean shown = userShows(new Tmux(ctx.exec(), p.socket()), p.pane().windowId());
        String session = PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffL, 36);
        String flags = shown ? "read-only,ignore-size" : "read-only";
        List<String> argv = List.of("env", "-u", "TMUX", "-u", "TMUX_PANE",
                "tmux", "-u", "-S", p.socket().toString(),
                "new-session", "-f", flags, "-s", session, "-t", p.pane().sessionId(), ";",
                "set-option", "-t", session, "destroy-unattached", "off", ";",
                "set-hook", "-t", session, "client-detached", "kill-session -t =" + session, ";",
                "select-window", "-t", session + ":" + p.pane().windowId());
        String note = "watching " + agent.displayName() + " (" + p.where() + ") read-only; "
                + (shown ? "its window keeps the size of the client that shows it" : "its window fits this view")
                + "; detach with the prefix key and d";
        return Optional.of(new Plan("tmux", note, argv));
    }

    /** True when a client other than a watcher, an ignore-size viewer or a control client currently shows the window. */
    static boolean userShows(Tmux tmux, String windowId) {
        var r = tmux.run("list-clients", "-F", "#{client_flags}\t#{session_name}\t#{window_id}");
        if (!r.ok()) return false;
        for (String line : r.out().split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 3 || !f[2].equals(windowId) || f[1].startsWith(PREFIX)) continue;
            List<String> flags = List.of(f[0].split(","));
            if (!flags.contains("ignore-size") && !flags.contains("control-mode")) return true;
        }
        return false;
    }
}
