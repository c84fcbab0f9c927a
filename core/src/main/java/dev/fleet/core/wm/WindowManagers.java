package dev.fleet.core.wm;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.util.Services;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The window managers on the class path ({@code ServiceLoader}, once per JVM), and a session of one. */
public final class WindowManagers {
    private WindowManagers() {}

    public static List<WindowManager> load() {
        return Services.load(WindowManager.class);
    }

    /** A window manager's session: the manager and its socket. */
    public record Session(WindowManager wm, Path socket) {
        public Optional<Long> windowTitled(String title) {
            return wm.windowTitled(socket, title);
        }

        public boolean exists(long window) {
            return wm.exists(socket, window);
        }

        public boolean focus(long window) {
            return wm.focus(socket, window);
        }

        public void close(long window) {
            wm.close(socket, window);
        }
    }

    /** The first registered window manager that runs here. */
    public static Optional<Session> here(List<WindowManager> wms, Map<String, String> env, Exec exec) {
        for (WindowManager wm : wms) {
            Optional<Path> s = wm.socketHere(env, exec);
            if (s.isPresent()) return Optional.of(new Session(wm, s.get()));
        }
        return Optional.empty();
    }

    /**
     * The session behind a socket recorded earlier. The record names no manager: the first registered
     * one speaks for it (i3 and sway share one protocol and one implementation).
     */
    public static Optional<Session> at(List<WindowManager> wms, Path socket) {
        return wms.isEmpty() ? Optional.empty() : Optional.of(new Session(wms.get(0), socket));
    }
}
