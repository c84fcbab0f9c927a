package dev.fleet.core.wm;

import dev.fleet.core.exec.Exec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A window manager fleet can talk to about the windows it opens (i3, sway): which one runs here, a
 * window's container found by its (unique) title, and by its container id checked, focused, closed. Registered in
 * {@code META-INF/services/dev.fleet.core.wm.WindowManager}; a window is named by the manager's socket
 * and its container id, which is what the workspace state records.
 */
public interface WindowManager {
    /** The socket of this window manager's session fleet runs in, or empty when none runs here. */
    Optional<Path> socketHere(Map<String, String> env, Exec exec);

    /** The container of the window titled {@code title} (fleet's titles are unique), or empty. */
    Optional<Long> windowTitled(Path socket, String title);

    boolean exists(Path socket, long window);

    /** Raises the window; false when the manager could not be asked. */
    boolean focus(Path socket, long window);

    /** Closes that one window (never the program behind it); quiet when it is gone already. */
    void close(Path socket, long window);
}
