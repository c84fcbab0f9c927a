package dev.fleet.core.daemon;

import dev.fleet.core.util.Ids;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** Where the daemon listens: {@code $XDG_RUNTIME_DIR/fleet/fleet.sock}, else {@code /tmp/fleet-<uid>/fleet.sock}. */
public final class SocketPaths {
    private SocketPaths() {}

    public static Path socket(Map<String, String> env) {
        return dir(env).resolve("fleet.sock");
    }

    /** The socket's directory (0700, the daemon's lock file lives there too). */
    public static Path dir(Map<String, String> env) {
        String rt = env.get("XDG_RUNTIME_DIR");
        if (rt != null && rt.startsWith("/") && Files.isDirectory(Path.of(rt))) return Path.of(rt, "fleet");
        return Path.of("/tmp", "fleet-" + Ids.uid());
    }

    /**
     * Why {@code dir} must not be trusted, or null when it is private: ours, 0700 (no group or other
     * access), not a symlink. Anyone may create {@code /tmp/fleet-<uid>} first, as with tmux's directory.
     */
    public static String unsafe(Path dir) {
        try {
            if (Files.isSymbolicLink(dir)) return dir + " is a symlink";
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return dir + " is not a directory";
            int owner = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).intValue();
            if (owner != Ids.uid()) return dir + " belongs to uid " + owner + ", not to you (uid " + Ids.uid() + ")";
            int mode = ((Number) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue();
            if ((mode & 077) != 0) return dir + " has mode " + Integer.toOctalString(mode & 07777) + ", not 700";
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            return dir + ": " + e.getMessage();
        }
    }
}
