package dev.fleet.core.terminal;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.terminal.TerminalKind.WindowControl;
import dev.fleet.core.wm.WindowManager;
import dev.fleet.core.wm.WindowManagers;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens, finds, focuses and closes the terminal window of the workspace. The window's process is
 * started with {@code setsid} (when present) so it outlives fleet and the terminal fleet ran in; its
 * pid and start time are recorded, and under a tiling window manager ({@link WindowManager}: i3/sway)
 * its container (found by its unique title). A window opened over a terminal's control channel is
 * checked, focused and closed by its {@link TerminalKind}.
 */
public final class TerminalLauncher {
    private final Map<String, String> env;
    private final Exec exec;
    private final Path logFile;
    private final Duration windowWait;
    private final List<WindowManager> wms;
    private final List<TerminalKind> kinds;

    /**
     * @param env the environment of the window's process; a variable mapped to null is removed (the
     *            caller's business: a window running {@code tmux attach} must not inherit {@code TMUX})
     */
    public TerminalLauncher(Map<String, String> env, Exec exec, Path logFile, Duration windowWait) {
        this(env, exec, logFile, windowWait, WindowManagers.load(), TerminalChooser.loaded());
    }

    public TerminalLauncher(Map<String, String> env, Exec exec, Path logFile, Duration windowWait,
            List<WindowManager> wms, List<TerminalKind> kinds) {
        this.env = env;
        this.exec = exec;
        this.logFile = logFile;
        this.windowWait = windowWait;
        this.wms = wms;
        this.kinds = kinds;
    }

    /** Opens a window titled {@code title} running {@code command}; waits until the window manager shows it. */
    public OpenedWindow launch(Terminal t, String title, List<String> command) {
        List<String> argv = t.argv(title, command);
        Optional<OpenedWindow> overControl = t.openOverControl(title, command);
        if (overControl.isPresent()) return findContainer(overControl.get(), null);
        if (!t.ownsProcess()) {
            // handed to a running instance (or macOS open): the call returns once the window is asked for
            runChecked(t, argv);
            OpenedWindow w = new OpenedWindow(t.name(), title, argv, List.of(), List.of(), null, null, null, null);
            return findContainer(w, null);
        }
        List<String> full = new ArrayList<>();
        Path setsid = which("setsid");
        if (setsid != null) full.add(setsid.toString());
        full.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().clear();
        env.forEach((k, v) -> {
            if (v != null) pb.environment().put(k, v);
        });
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new TerminalException("cannot create " + logFile.getParent() + ": " + e.getMessage());
        }
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TerminalException("cannot start " + t.name() + " (" + argv.get(0) + "): " + e.getMessage());
        }
        long start = p.toHandle().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
        OpenedWindow w = new OpenedWindow(t.name(), title, argv, List.of(p.pid()), List.of(start), null, null, null, null);
        return findContainer(w, p);
    }

    private Exec.Result runChecked(Terminal t, List<String> argv) {
        // a running instance is asked from fleet's own environment, less what the caller removed
        Map<String, String> e = new HashMap<>();
        env.forEach((k, v) -> {
            if (v == null) e.put(k, null);
        });
        Exec.Result r;
        try {
            r = exec.run(argv, e, null);
        } catch (RuntimeException ex) {
            throw new TerminalException(t.name() + ": " + ex.getMessage());
        }
        if (!r.ok()) throw new TerminalException(t.name() + " could not open a window: " + r.firstErrorLine());
        return r;
    }

    /**
     * Waits for the window: on i3/sway until a container has our title; elsewhere a short while, so a
     * terminal that fails at once (no display) is reported rather than recorded.
     */
    private OpenedWindow findContainer(OpenedWindow w, Process p) {
        Optional<WindowManagers.Session> wm = WindowManagers.here(wms, env, exec);
        long deadline = System.nanoTime() + (wm.isPresent() ? windowWait : Duration.ofMillis(700)).toNanos();
        while (System.nanoTime() < deadline) {
            if (p != null && !p.isAlive() && p.exitValue() != 0) {
                throw new TerminalException(w.terminal() + " exited with status " + p.exitValue() + ": " + lastLogLine());
            }
            if (wm.isPresent()) {
                Optional<Long> con = wm.get().windowTitled(w.title());
                if (con.isPresent()) return w.withCon(wm.get().socket().toString(), con.get());
            }
            sleep(50);
        }
        if (p != null && !p.isAlive() && p.exitValue() != 0) {
            throw new TerminalException(w.terminal() + " exited with status " + p.exitValue() + ": " + lastLogLine());
        }
        return w; // no tiling WM, or it did not show the window in time: the pids still close it
    }

    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
        } catch (IOException e) {
            // nothing logged
        }
        return "(it printed nothing; see " + logFile + ")";
    }

    /** True while any of the window's processes, its container or its window in a running terminal still exists. */
    public boolean alive(OpenedWindow w) {
        for (int i = 0; i < w.pids().size(); i++) if (ours(w, i).isPresent()) return true;
        Optional<WindowManagers.Session> wm = session(w);
        if (wm.isPresent()) return wm.get().exists(w.conId());
        Optional<WindowControl> c = control(w);
        if (c.isPresent()) return c.get().alive();
        return false;
    }

    /** Raises the window; false when fleet knows no way to (no container, no window in a running terminal). */
    public boolean focus(OpenedWindow w) {
        Optional<WindowManagers.Session> wm = session(w);
        if (wm.isPresent()) return wm.get().focus(w.conId());
        Optional<WindowControl> c = control(w);
        return c.isPresent() && c.get().focus();
    }

    /** Closes the window: its window in a running terminal or its container, then the processes fleet started for it. */
    public void close(OpenedWindow w) {
        control(w).ifPresent(WindowControl::close);
        if (w.pids().isEmpty()) {
            // a window of a shared instance: ask the WM to close that one window, never the instance
            session(w).ifPresent(s -> s.close(w.conId()));
        }
        List<ProcessHandle> handles = new ArrayList<>();
        for (int i = 0; i < w.pids().size(); i++) ours(w, i).ifPresent(handles::add);
        for (ProcessHandle h : handles) h.destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (ProcessHandle h : handles) {
            while (h.isAlive() && System.nanoTime() < deadline) sleep(20);
            if (h.isAlive()) h.destroyForcibly();
        }
    }

    /** The window manager session the window's container was found on, when one was. */
    private Optional<WindowManagers.Session> session(OpenedWindow w) {
        if (w.conId() == null || w.wmSocket() == null) return Optional.empty();
        return WindowManagers.at(wms, Path.of(w.wmSocket()));
    }

    /** The terminal that answers for a window opened over its control channel. */
    private Optional<WindowControl> control(OpenedWindow w) {
        for (TerminalKind k : kinds) {
            Optional<WindowControl> c = k.control(w);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    /** The i-th recorded process, if it is still the one fleet started (same start time). */
    private static Optional<ProcessHandle> ours(OpenedWindow w, int i) {
        long want = i < w.startTimes().size() ? w.startTimes().get(i) : 0;
        return ProcessHandle.of(w.pids().get(i)).filter(ProcessHandle::isAlive).filter(h -> want == 0
                || h.info().startInstant().map(s -> Math.abs(s.toEpochMilli() - want) < 1000).orElse(true));
    }

    private Path which(String name) {
        String path = env.get("PATH");
        return path == null ? Exec.which(name) : Exec.which(name, path);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
