package dev.fleet.core.daemon;

import dev.fleet.core.util.Ids;
import java.nio.file.Files;
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
}
