package dev.fleet.testkit.desktop;

import dev.fleet.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A private X desktop for tests: Xvfb on a free display (chosen by Xvfb itself through
 * {@code -displayfd}), i3 with a generated config and its own IPC socket, and kitty windows on demand.
 * Everything lives in one temp dir and is stopped by {@link #close()}, also when a test fails.
 */
public final class Desktop implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 15_000;

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<Kitty> kitties = new ArrayList<>();
    private Process xvfb;
    private Process i3;
    private int display = -1;
    private Path socket;
    private long startMillis;

    /** A kitty OS window started by {@link #startKitty}. */
    public record Kitty(Process process, String title, Path socket, long windowId, long conId, long startMillis) {
        public int pid() {
            return (int) process.pid();
        }

        /** For {@code --listen-on} / {@code kitty @ --to}. */
        public String listenOn() {
            return "unix:" + socket;
        }
    }

    private Desktop(Path dir) {
        this.dir = dir;
    }

    /** Starts Xvfb and i3; skips (or fails on CI) when they are not installed. */
    public static Desktop start() {
        dev.fleet.testkit.Require.tools("Xvfb", "i3", "i3-msg");
        Path dir;
        try {
            dir = Files.createTempDirectory(Path.of("/tmp"), "fleet-desk-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Desktop d = new Desktop(dir);
        try {
            d.boot();
            return d;
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
    }

    private void boot() {
        long t0 = System.nanoTime();
        xvfb = startProcess(Procs.xvfb("1280x800x24", dir.resolve("xvfb.log")));
        display = Integer.parseInt(Procs.firstLine(xvfb, "Xvfb", START_TIMEOUT_MS, dir.resolve("xvfb.log")));

        socket = dir.resolve("i3.sock");
        Path config = dir.resolve("i3.config");
        write(config, String.join("\n",
                "# i3 config file (v4)",
                "ipc-socket " + socket,
                "focus_on_window_activation focus",
                "font pango:monospace 8",
                // no bar block: no i3bar; new windows get focus as they map
                ""));
        ProcessBuilder ib = new ProcessBuilder("i3", "-c", config.toString());
        cleanEnv(ib.environment());
        ib.environment().put("DISPLAY", displayName());
        // i3 keeps its errorlog under $XDG_RUNTIME_DIR/i3 (else a /tmp/i3-<user>.* dir left behind): ours, deleted by close()
        ib.environment().put("XDG_RUNTIME_DIR", dir.toString());
        ib.redirectErrorStream(true).redirectOutput(dir.resolve("i3.log").toFile());
        ib.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        i3 = startProcess(ib);
        boolean up = Procs.waitFor(START_TIMEOUT_MS, () -> i3.isAlive() && Files.exists(socket)
                && Procs.run(List.of("i3-msg", "-s", socket.toString(), "-t", "get_version"), 2000).contains("major"));
        if (!up) throw new IllegalStateException("i3 did not open its socket: " + Procs.tail(dir.resolve("i3.log"), 5));
        startMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Starts kitty in this desktop and waits until i3 manages its window.
     *
     * @param options extra {@code -o key=value} settings
     * @param command what kitty runs (empty: a long sleep)
     */
    public Kitty startKitty(String title, List<String> options, List<String> command) {
        dev.fleet.testkit.Require.tools("kitty");
        long t0 = System.nanoTime();
        Path sock = Path.of("/tmp", "fleet-kitty-" + Procs.suffix() + ".sock");
        List<String> argv = new ArrayList<>(List.of("kitty", "--config", "NONE",
                "-o", "allow_remote_control=socket-only", "--listen-on", "unix:" + sock,
                "-o", "linux_display_server=x11", "-o", "update_check_interval=0",
                "--title", title));
        for (String o : options) {
            argv.add("-o");
            argv.add(o);
        }
        argv.addAll(command.isEmpty() ? List.of("sleep", "3600") : command);
        ProcessBuilder pb = new ProcessBuilder(argv);
        cleanEnv(pb.environment());
        pb.environment().put("DISPLAY", displayName());
        pb.environment().put("I3SOCK", socket.toString());
        pb.environment().put("LIBGL_ALWAYS_SOFTWARE", "1"); // Mesa's software GL: no GPU here
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("kitty-" + Procs.suffix() + ".log").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = startProcess(pb);
        Map<String, Object>[] win = holder();
        boolean up = Procs.waitFor(START_TIMEOUT_MS, () -> {
            if (!p.isAlive()) throw new IllegalStateException("kitty exited");
            win[0] = Trees.windowTitled(tree(), title);
            return win[0] != null && Files.exists(sock);
        });
        if (!up) {
            Procs.stop(p);
            throw new IllegalStateException("kitty window '" + title + "' did not appear in i3's tree (alive="
                    + p.isAlive() + ")");
        }
        Kitty k = new Kitty(p, title, sock, Json.lng(win[0], "window", -1), Json.lng(win[0], "id", -1),
                (System.nanoTime() - t0) / 1_000_000);
        kitties.add(k);
        return k;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] holder() {
        return new Map[1];
    }

    /** GET_TREE through i3-msg (the fixture does not use the code under test). */
    public Map<String, Object> tree() {
        return Json.parseObject(Procs.run(List.of("i3-msg", "-s", socket.toString(), "-t", "get_tree"), 5000));
    }

    /** Runs an i3 command through i3-msg; throws when i3 reports failure. */
    public void command(String command) {
        String out = Procs.run(List.of("i3-msg", "-s", socket.toString(), command), 5000);
        if (out.contains("\"success\":false")) throw new IllegalStateException("i3 refused '" + command + "': " + out);
    }

    public int display() {
        return display;
    }

    public String displayName() {
        return ":" + display;
    }

    public Path socket() {
        return socket;
    }

    public Path dir() {
        return dir;
    }

    /** How long Xvfb + i3 took to come up. */
    public long startMillis() {
        return startMillis;
    }

    /** The variables a program in this desktop would see. */
    public Map<String, String> env() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DISPLAY", displayName());
        m.put("I3SOCK", socket.toString());
        return m;
    }

    /** The caller's own terminal must not leak into ours (tests may run inside kitty, tmux or sway). */
    static void cleanEnv(Map<String, String> env) {
        for (String k : List.of("KITTY_PID", "KITTY_WINDOW_ID", "KITTY_LISTEN_ON", "KITTY_PUBLIC_KEY", "WINDOWID",
                "TMUX", "TMUX_PANE", "I3SOCK", "SWAYSOCK", "WAYLAND_DISPLAY", "DISPLAY", "DESKTOP_STARTUP_ID")) {
            env.remove(k);
        }
    }

    private Process startProcess(ProcessBuilder pb) {
        try {
            Process p = pb.start();
            processes.add(p);
            dev.fleet.testguard.Reaper.register(p); // ended even when the JVM is killed before close()
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + pb.command().get(0) + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // newest first: windows, then i3, then the X server they talk to
        for (int i = processes.size() - 1; i >= 0; i--) Procs.stop(processes.get(i));
        for (Kitty k : kitties) {
            try {
                Files.deleteIfExists(k.socket());
            } catch (IOException e) {
                // best effort
            }
        }
        dev.fleet.testguard.TestDirs.deleteTree(dir);
    }
}
