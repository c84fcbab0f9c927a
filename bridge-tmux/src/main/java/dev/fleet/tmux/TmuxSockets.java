package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every tmux server socket of the user: the default directory {@code ${TMUX_TMPDIR:-/tmp}/tmux-<uid>/},
 * sockets named in agents' (and fleet's own) {@code TMUX} variable — servers started with
 * {@code -S /any/path} are found that way — and sockets given with {@code --tmux-socket}.
 */
public final class TmuxSockets {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

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
