package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.util.Ids;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every tmux server socket of the user: the default directory {@code ${TMUX_TMPDIR:-/tmp}/tmux-<uid>/},
 * sockets named in agents' (and fleet's own) {@code TMUX} variable — servers started with
 * {@code -S /any/path} are found that way — and sockets given with {@code --tmux-socket}.
 */
public final class TmuxSockets {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFDIR = 0040000;

    private TmuxSockets() {}

    public static Path defaultDir(String tmuxTmpdir, int uid) {
        String base = tmuxTmpdir == null || tmuxTmpdir.isEmpty() ? "/tmp" : tmuxTmpdir;
        return Path.of(base, "tmux-" + uid);
    }

    /** The socket path of a {@code TMUX} value ({@code socket,pid,session}); null when malformed. */
    public static Path fromTmuxVar(String tmux) {
        if (tmux == null || tmux.isEmpty()) return null;
        int comma = tmux.indexOf(',');
        String p = comma < 0 ? tmux : tmux.substring(0, comma);
        return p.startsWith("/") ? Path.of(p) : null;
    }

    /** The socket of {@code tmux -L name}. */
    public static Path forName(String name, String tmuxTmpdir, int uid) {
        return defaultDir(tmuxTmpdir, uid).resolve(name);
    }

    /**
     * Makes {@code dir} fit to hold a tmux socket fleet starts a server on, as tmux does for its own
     * {@code tmux-<uid>} directory: {@code tmux -S path} creates nothing, and on a machine where tmux never
     * ran it then prints "error creating …" and exits 0. A missing directory is created 0700 (its parent
     * must exist, as for tmux). An existing one must be a real directory (not a symlink) owned by the
     * user with no group or other access: whoever can write there can swap the socket and read every
     * keystroke sent to the server.
     *
     * @throws TmuxException with a one-line message saying what is wrong and how to fix it
     */
    public static Path ensurePrivateDir(Path dir) {
        int uid = Ids.uid();
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // checked below, like one we made
        } catch (NoSuchFileException e) {
            throw new TmuxException("cannot create " + dir + " for a tmux socket: " + dir.getParent() + " does not exist"
                    + " (check TMUX_TMPDIR)");
        } catch (IOException | UnsupportedOperationException e) {
            throw new TmuxException("cannot create " + dir + " for a tmux socket: " + e.getMessage());
        }
        Map<String, Object> a;
        try {
            a = Files.readAttributes(dir, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            throw new TmuxException("cannot read " + dir + ": " + e.getMessage());
        }
        int mode = (Integer) a.get("mode");
        int owner = (Integer) a.get("uid");
        if ((mode & S_IFMT) != S_IFDIR) {
            throw new TmuxException(dir + " is not a directory (a symlink or file); tmux sockets need a private "
                    + "directory: remove it or set TMUX_TMPDIR elsewhere");
        }
        if (owner != uid) {
            throw new TmuxException(dir + " belongs to uid " + owner + ", not to you (uid " + uid + "); refusing to put a "
                    + "tmux socket there: remove it or set TMUX_TMPDIR elsewhere");
        }
        if ((mode & 077) != 0) {
            throw new TmuxException(dir + " is open to others (mode " + String.format("%04o", mode & 07777)
                    + "); refusing to put a tmux socket there: chmod 700 " + dir);
        }
        return dir;
    }

    /** @param defaultDir null to skip the directory scan (only the named sockets) */
    public static Set<Path> discover(Path defaultDir, Collection<Agent> agents, String ownTmux, List<String> extra) {
        Set<Path> out = new LinkedHashSet<>();
        if (defaultDir != null && Files.isDirectory(defaultDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(defaultDir)) {
                for (Path p : ds) if (isSocket(p)) out.add(p.normalize());
            } catch (IOException e) {
                // unreadable dir: nothing there for us
            }
        }
        for (Agent a : agents) addIfSocket(out, fromTmuxVar(a.hints().get("TMUX")));
        addIfSocket(out, fromTmuxVar(ownTmux));
        for (String e : extra) addIfSocket(out, Path.of(e));
        return out;
    }

    private static void addIfSocket(Set<Path> out, Path p) {
        if (p != null && isSocket(p)) out.add(p.normalize());
    }

    public static boolean isSocket(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
