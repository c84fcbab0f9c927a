package dev.fleet.i3;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.wm.WindowManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * i3 and sway for the windows fleet opens (the workspace, {@code --attach}): the session's socket as
 * {@link WmSockets} finds it from fleet's own environment, containers found by title in the tree
 * and focused or killed by {@code [con_id=N]} commands — one short IPC connection per question.
 */
public final class I3WindowManager implements WindowManager {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Override
    public Optional<Path> socketHere(Map<String, String> env, Exec exec) {
        // no agents: only fleet's own SWAYSOCK / I3SOCK, else `i3 --get-socketpath` on its DISPLAY
        LocateContext ctx = new LocateContext(null, env, Map.of(), exec, m -> {}, m -> {});
        List<WmSocket> found = WmSockets.discover(ctx, List.of());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).path());
    }

    @Override
    public Optional<Long> windowTitled(Path socket, String title) {
        for (WmWindow w : windows(socket)) if (title.equals(w.name())) return Optional.of(w.conId());
        return Optional.empty();
    }

    @Override
    public boolean exists(Path socket, long window) {
        for (WmWindow w : windows(socket)) if (w.conId() == window) return true;
        return false;
    }

    @Override
    public boolean focus(Path socket, long window) {
        try (I3Ipc ipc = I3Ipc.connect(socket, TIMEOUT)) {
            ipc.command("[con_id=" + window + "] focus");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close(Path socket, long window) {
        try (I3Ipc ipc = I3Ipc.connect(socket, TIMEOUT)) {
            ipc.runCommand("[con_id=" + window + "] kill");
        } catch (RuntimeException e) {
            // already gone
        }
    }

    private static List<WmWindow> windows(Path socket) {
        try (I3Ipc ipc = I3Ipc.connect(socket, TIMEOUT)) {
            return WmTree.parse(WmKind.I3, socket, ipc.tree()).windows();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
