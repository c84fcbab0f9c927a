package dev.fleet.workspace;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.tmux.Tmux;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How every viewer fleet makes (workspace tiles now, {@code watch} later) attaches to an agent's
 * window, and so the one sizing rule they all follow:
 *
 * <ul>
 *   <li>A window that a user's own client shows keeps that client's size, always (with two clients,
 *       the one active last, tmux's {@code window-size latest}): the viewer attaches with
 *       {@code -f ignore-size}.</li>
 *   <li>A window nobody else shows (a detached agent) fits the viewer: the viewer attaches as a plain
 *       client. (An ignore-size client would not do: tmux 3.3 ignores ignore-size clients as soon as
 *       any other client is attached anywhere on the server, and the window would stay 160x45.)</li>
 *   <li>When the user attaches their own terminal later, it takes the size over, as tmux does (their
 *       client becomes the window's latest); a refresh turns that viewer into an ignore-size one.</li>
 *   <li>The viewer sets no option on the agent's server, so closing it changes none.</li>
 * </ul>
 */
public final class ViewerClient {
    private ViewerClient() {}

    /** {@code tmux -S <socket> attach-session [-f ignore-size] -t =<session>}. */
    public static List<String> attachArgv(Path socket, String session, boolean ignoreSize) {
        List<String> a = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "attach-session"));
        if (ignoreSize) a.addAll(List.of("-f", "ignore-size"));
        a.addAll(List.of("-t", "=" + session));
        return a;
    }

    /** The same as one sh command, every argument quoted, TMUX cleared so tmux may nest in a tmux pane. */
    public static String shellCommand(Path socket, String session, boolean ignoreSize) {
        return "TMUX= " + Shell.join(attachArgv(socket, session, ignoreSize));
    }

    /**
     * Whether a user's own client (not ignore-size, not one of fleet's viewers) shows {@code windowId}
     * now: then a viewer must keep its hands off the window's size.
     */
    public static boolean shownByUser(Exec exec, Path socket, String windowId) {
        Exec.Result r = new Tmux(exec, socket).run("list-clients", "-F", "#{client_flags}\t#{session_name}\t#{window_id}");
        if (!r.ok()) return false;
        for (String line : r.out().split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 3 && f[2].equals(windowId) && !isViewer(f[0], f[1])) return true;
        }
        return false;
    }

    /** Whether the viewer client on {@code linkedSession} attached with ignore-size; empty when none is attached. */
    public static Optional<Boolean> viewerIgnoresSize(Exec exec, Path socket, String linkedSession) {
        Exec.Result r = new Tmux(exec, socket).run("list-clients", "-F", "#{client_flags}\t#{session_name}");
        if (!r.ok()) return Optional.empty();
        for (String line : r.out().split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2 && f[1].equals(linkedSession)) return Optional.of(hasFlag(f[0], "ignore-size"));
        }
        return Optional.empty();
    }

    private static boolean isViewer(String flags, String session) {
        // control-mode: the daemon's control client (kept for its switches) is no user's view either
        return hasFlag(flags, "ignore-size") || hasFlag(flags, "control-mode") || WorkspaceTarget.isLinked(session);
    }

    private static boolean hasFlag(String flags, String flag) {
        for (String f : flags.split(",")) if (f.equals(flag)) return true;
        return false;
    }
}
