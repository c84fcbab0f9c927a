package dev.fleet.workspace;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.util.Ids;
import dev.fleet.tmux.TmuxException;
import dev.fleet.tmux.TmuxSockets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The socket of the tmux server fleet starts for itself (the workspace's aggregator): its directory
 * made before the server starts, and the socket file removed once that server is gone.
 */
final class OwnServerSocket {
    private OwnServerSocket() {}

    /**
     * {@code tmux -S} does not create the socket's directory (and exits 0 with "error creating" when
     * it is missing, e.g. {@code /tmp/tmux-<uid>} on a machine where tmux never ran): make it 0700, as
     * tmux makes its own. tmux's own directory ({@code tmux-<uid>}) that exists but is not private to the
     * user is refused, as tmux refuses it; a socket path the user chose elsewhere is theirs to place.
     */
    static void ensureDir(Path socket) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (dir == null) return;
        if (dir.getFileName() != null && dir.getFileName().toString().equals("tmux-" + Ids.uid()) || !Files.isDirectory(dir)) {
            try {
                TmuxSockets.ensurePrivateDir(dir);
            } catch (TmuxException e) {
                throw new IOException(e.getMessage());
            }
        }
    }

    /**
     * After the last session is gone: stops the server when it has no session left, then deletes the
     * socket file when it is ours (a socket, not a link, owned by this user) and no server answers on
     * it. Anything else is left as it is.
     */
    static boolean removeIfDead(Path socket, Exec exec) {
        Exec.Result ls = tmux(exec, socket, "list-sessions", "-F", "#{session_name}");
        if (ls.ok() && !ls.out().isBlank()) return false; // someone else's sessions: not ours to stop
        if (ls.ok()) tmux(exec, socket, "kill-server");
        if (!isOurSocket(socket) || answers(exec, socket)) return false;
        try {
            return Files.deleteIfExists(socket);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isOurSocket(Path p) {
        try {
            var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isOther()) return false; // a socket: not a file, directory or link
            return ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == Ids.uid();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A server answers when {@code list-sessions} succeeds or fails for a reason other than no server. */
    private static boolean answers(Exec exec, Path socket) {
        Exec.Result r = tmux(exec, socket, "list-sessions");
        if (r.ok()) return true;
        String e = r.err();
        return !(e.contains("no server running") || e.contains("error connecting") || e.contains("Connection refused"));
    }

    private static Exec.Result tmux(Exec exec, Path socket, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("tmux", "-u", "-f", "/dev/null", "-S", socket.toString()));
        argv.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("TMUX", null);
        return exec.run(argv, env, null);
    }
}
