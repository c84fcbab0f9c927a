package dev.fleet.ghostty;

import dev.fleet.core.exec.Exec;
import dev.fleet.i3.I3Ipc;
import dev.fleet.i3.WmKind;
import dev.fleet.i3.WmTree;
import dev.fleet.i3.WmWindow;
import dev.fleet.kitty.KittyClient;
import dev.fleet.kitty.KittyException;
import dev.fleet.kitty.KittyLaunch;
import dev.fleet.kitty.KittyOsWindow;
import dev.fleet.kitty.KittyTab;
import dev.fleet.kitty.KittyWindow;
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
 * pid and start time are recorded, and on i3/sway its container (found by its unique title).
 */
public final class TerminalLauncher {
    private final Map<String, String> env;
    private final Exec exec;
    private final Path logFile;
    private final Duration windowWait;

    public TerminalLauncher(Map<String, String> env, Exec exec, Path logFile, Duration windowWait) {
        this.env = env;
        this.exec = exec;
        this.logFile = logFile;
        this.windowWait = windowWait;
    }

    /** Opens a window titled {@code title} running {@code command}; waits until the window manager shows it. */
    public OpenedWindow launch(Terminal t, String title, List<String> command) {
        List<String> argv = t.argv(title, command);
        if (t.kind() == Terminal.Kind.KITTY_REMOTE) {
            // kitty's remote control spoken on its socket: no 450 ms `kitty @` process; TMUX= so tmux attaches
            long id;
            try {
                id = KittyClient.of(t.remote()).launch(KittyLaunch.of("os-window", command).withTitle(title)
                        .withEnv(List.of("TMUX=")));
            } catch (KittyException e) {
                throw new TerminalException(t.name() + " could not open a window: " + e.getMessage());
            }
            OpenedWindow w = new OpenedWindow(t.name(), title, argv, List.of(), List.of(), null, null, t.remote(), id);
            return findContainer(w, null);
        }
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
        pb.environment().putAll(env);
        // the window runs tmux attach, which refuses to start inside another tmux's TMUX
        pb.environment().remove("TMUX");
        pb.environment().remove("TMUX_PANE");
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
        Map<String, String> e = new HashMap<>();
        e.put("TMUX", null);
        e.put("TMUX_PANE", null);
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
        Optional<Path> wm = wmSocket();
        long deadline = System.nanoTime() + (wm.isPresent() ? windowWait : Duration.ofMillis(700)).toNanos();
        while (System.nanoTime() < deadline) {
            if (p != null && !p.isAlive() && p.exitValue() != 0) {
                throw new TerminalException(w.terminal() + " exited with status " + p.exitValue() + ": " + lastLogLine());
            }
            if (wm.isPresent()) {
                Long con = conTitled(wm.get(), w.title());
                if (con != null) return w.withCon(wm.get().toString(), con);
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

    /** True while any of the window's processes, its container or its kitty window still exists. */
    public boolean alive(OpenedWindow w) {
        for (int i = 0; i < w.pids().size(); i++) if (ours(w, i).isPresent()) return true;
        if (w.conId() != null && w.wmSocket() != null) return conExists(Path.of(w.wmSocket()), w.conId());
        if (w.kittyWindow() != null && w.kittyTo() != null) {
            try {
                for (KittyOsWindow ow : KittyClient.of(w.kittyTo()).ls()) {
                    for (KittyTab tab : ow.tabs()) for (KittyWindow win : tab.windows()) if (win.id() == w.kittyWindow()) return true;
                }
                return false;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** Raises the window; false when fleet knows no way to (no container, no kitty window). */
    public boolean focus(OpenedWindow w) {
        if (w.conId() != null && w.wmSocket() != null) {
            try (I3Ipc ipc = I3Ipc.connect(Path.of(w.wmSocket()), Duration.ofSeconds(2))) {
                ipc.command("[con_id=" + w.conId() + "] focus");
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
        if (w.kittyWindow() != null && w.kittyTo() != null) {
            try {
                KittyClient.of(w.kittyTo()).focusWindow(w.kittyWindow());
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** Closes the window: its kitty window or container, then the processes fleet started for it. */
    public void close(OpenedWindow w) {
        if (w.kittyWindow() != null && w.kittyTo() != null) {
            try {
                KittyClient.of(w.kittyTo()).closeWindow("id:" + w.kittyWindow());
            } catch (RuntimeException e) {
                // already gone
            }
        }
        if (w.conId() != null && w.wmSocket() != null && w.pids().isEmpty()) {
            // a window of a shared instance: ask the WM to close that one window, never the instance
            try (I3Ipc ipc = I3Ipc.connect(Path.of(w.wmSocket()), Duration.ofSeconds(2))) {
                ipc.runCommand("[con_id=" + w.conId() + "] kill");
            } catch (RuntimeException e) {
                // already gone
            }
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

    /** The i-th recorded process, if it is still the one fleet started (same start time). */
    private static Optional<ProcessHandle> ours(OpenedWindow w, int i) {
        long want = i < w.startTimes().size() ? w.startTimes().get(i) : 0;
        return ProcessHandle.of(w.pids().get(i)).filter(ProcessHandle::isAlive).filter(h -> want == 0
                || h.info().startInstant().map(s -> Math.abs(s.toEpochMilli() - want) < 1000).orElse(true));
    }

    /** I3SOCK / SWAYSOCK of the environment, else {@code i3 --get-socketpath} on an X display. */
    public Optional<Path> wmSocket() {
        for (String var : List.of("SWAYSOCK", "I3SOCK")) {
            String v = env.get(var);
            if (v != null && !v.isEmpty() && Files.exists(Path.of(v))) return Optional.of(Path.of(v));
        }
        if (env.get("DISPLAY") != null && which("i3") != null) {
            try {
                Map<String, String> e = new HashMap<>();
                e.put("DISPLAY", env.get("DISPLAY"));
                Exec.Result r = exec.run(List.of("i3", "--get-socketpath"), e, null);
                String s = r.out().strip();
                if (r.ok() && !s.isEmpty() && Files.exists(Path.of(s))) return Optional.of(Path.of(s));
            } catch (RuntimeException ex) {
                // no i3 on this display
            }
        }
        return Optional.empty();
    }

    private static Long conTitled(Path socket, String title) {
        for (WmWindow win : windows(socket)) if (title.equals(win.name())) return win.conId();
        return null;
    }

    private static boolean conExists(Path socket, long con) {
        for (WmWindow win : windows(socket)) if (win.conId() == con) return true;
        return false;
    }

    private static List<WmWindow> windows(Path socket) {
        try (I3Ipc ipc = I3Ipc.connect(socket, Duration.ofSeconds(2))) {
            return WmTree.parse(WmKind.I3, socket, ipc.tree()).windows();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private Path which(String name) {
        String path = env.get("PATH");
        if (path == null) return Exec.which(name);
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p;
        }
        return null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
