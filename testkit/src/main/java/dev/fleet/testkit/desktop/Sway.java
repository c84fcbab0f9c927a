package dev.fleet.testkit.desktop;

import dev.fleet.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A headless sway for tests (wlroots' headless backend, pixman renderer, no input devices) with foot
 * windows on demand. sway refuses to run as root, so under root it runs as {@code nobody} through
 * {@code setpriv}, with a private XDG_RUNTIME_DIR (mode 0700) owned by that user; root can still talk to
 * its socket and signal its processes.
 */
public final class Sway implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 15_000;

    private final Path runtimeDir;
    private final Path logDir;
    private final int uid;
    private final int gid;
    private final List<Process> processes = new ArrayList<>();
    private Process sway;
    private Path socket;
    private String waylandDisplay;
    private long startMillis;

    /** A foot window started by {@link #startFoot}. */
    public record Foot(Process process, String title, long conId, long startMillis) {
        public int pid() {
            return (int) process.pid();
        }
    }

    private Sway(Path runtimeDir, Path logDir, int uid, int gid) {
        this.runtimeDir = runtimeDir;
        this.logDir = logDir;
        this.uid = uid;
        this.gid = gid;
    }

    public static Sway start() {
        dev.fleet.testkit.Require.tools("sway", "swaymsg");
        int self = currentUid();
        int uid = self, gid = currentGid();
        if (self == 0) {
            dev.fleet.testkit.Require.tools("setpriv");
            int[] nobody = lookupUser("nobody");
            if (nobody == null) throw new IllegalStateException("sway cannot run as root and there is no user nobody");
            uid = nobody[0];
            gid = nobody[1];
        }
        Path runtime;
        Path logs;
        try {
            runtime = Files.createTempDirectory(Path.of("/tmp"), "fleet-sway-");
            logs = Files.createTempDirectory(Path.of("/tmp"), "fleet-sway-log-");
            Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
            if (self == 0) {
                Files.setAttribute(runtime, "unix:uid", uid);
                Files.setAttribute(runtime, "unix:gid", gid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sway s = new Sway(runtime, logs, uid, gid);
        try {
            s.boot(self == 0);
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private boolean asOther;

    private void boot(boolean dropRoot) {
        asOther = dropRoot;
        long t0 = System.nanoTime();
        Path config = runtimeDir.resolve("sway.config");
        try {
            Files.writeString(config, String.join("\n",
                    "output HEADLESS-1 resolution 1280x800",
                    "xwayland disable",
                    "focus_on_window_activation focus",
                    ""));
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(asUser(List.of("sway", "-c", config.toString())));
        Map<String, String> env = pb.environment();
        baseEnv(env);
        env.put("WLR_BACKENDS", "headless");
        env.put("WLR_RENDERER", "pixman");
        env.put("WLR_LIBINPUT_NO_DEVICES", "1");
        pb.redirectErrorStream(true).redirectOutput(logDir.resolve("sway.log").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        sway = startProcess(pb);
        boolean up = Procs.waitFor(START_TIMEOUT_MS, () -> {
            if (!sway.isAlive()) throw new IllegalStateException("sway exited");
            socket = find("sway-ipc.", ".sock");
            waylandDisplay = findWayland();
            return socket != null && waylandDisplay != null
                    && Procs.run(List.of("swaymsg", "-s", socket.toString(), "-t", "get_version"), 2000).contains("major");
        });
        if (!up) {
            throw new IllegalStateException("sway did not open its socket (alive=" + sway.isAlive() + "): "
                    + Procs.tail(logDir.resolve("sway.log"), 5));
        }
        startMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    /** Starts foot (as sway's user) running {@code command} and waits until sway manages its window. */
    public Foot startFoot(String title, List<String> command) {
        dev.fleet.testkit.Require.tools("foot");
        long t0 = System.nanoTime();
        List<String> argv = new ArrayList<>(List.of("foot", "--title", title));
        argv.addAll(command.isEmpty() ? List.of("sleep", "3600") : command);
        ProcessBuilder pb = new ProcessBuilder(asUser(argv));
        baseEnv(pb.environment());
        pb.environment().put("WAYLAND_DISPLAY", waylandDisplay);
        pb.environment().put("SWAYSOCK", socket.toString());
        pb.environment().put("I3SOCK", socket.toString());
        pb.redirectErrorStream(true).redirectOutput(logDir.resolve("foot-" + Procs.suffix() + ".log").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = startProcess(pb);
        int pid = (int) p.pid(); // setpriv execs foot, so this is foot's own pid
        Map<String, Object>[] win = holder();
        boolean up = Procs.waitFor(START_TIMEOUT_MS, () -> {
            if (!p.isAlive()) throw new IllegalStateException("foot exited");
            win[0] = Trees.find(tree(), n -> Json.lng(n, "pid", -1) == pid);
            return win[0] != null;
        });
        if (!up) {
            Procs.stop(p);
            throw new IllegalStateException("foot window '" + title + "' did not appear in sway's tree");
        }
        return new Foot(p, title, Json.lng(win[0], "id", -1), (System.nanoTime() - t0) / 1_000_000);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] holder() {
        return new Map[1];
    }

    public Map<String, Object> tree() {
        return Json.parseObject(Procs.run(List.of("swaymsg", "-s", socket.toString(), "-r", "-t", "get_tree"), 5000));
    }

    public void command(String command) {
        String out = Procs.run(List.of("swaymsg", "-s", socket.toString(), "-r", command), 5000);
        if (out.replace(" ", "").contains("\"success\":false")) {
            throw new IllegalStateException("sway refused '" + command + "': " + out);
        }
    }

    public Path socket() {
        return socket;
    }

    public Path runtimeDir() {
        return runtimeDir;
    }

    public String waylandDisplay() {
        return waylandDisplay;
    }

    public long startMillis() {
        return startMillis;
    }

    private List<String> asUser(List<String> argv) {
        if (!asOther) return argv;
        List<String> l = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        l.addAll(argv);
        return l;
    }

    /** Only what sway and foot need: a clean slate, so the caller's session cannot leak in. */
    private void baseEnv(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", runtimeDir.toString());
        env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        env.put("XDG_CONFIG_HOME", runtimeDir.resolve("config").toString());
        env.put("XDG_CACHE_HOME", runtimeDir.resolve("cache").toString());
        env.put("LANG", "C.UTF-8");
        // the Reaper finds what this run started by this mark, also when the JVM was killed
        String mark = System.getenv(dev.fleet.testguard.Reaper.MARK);
        if (mark != null) env.put(dev.fleet.testguard.Reaper.MARK, mark);
    }

    private Path find(String prefix, String suffix) {
        try (Stream<Path> s = Files.list(runtimeDir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix);
            }).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private String findWayland() {
        try (Stream<Path> s = Files.list(runtimeDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("wayland-\\d+")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
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

    static int currentUid() {
        return statusId("Uid:");
    }

    static int currentGid() {
        return statusId("Gid:");
    }

    private static int statusId(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) return Integer.parseInt(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /** uid and gid of a user from /etc/passwd, or null. */
    static int[] lookupUser(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals(name)) return new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])};
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return null;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) Procs.stop(processes.get(i));
        dev.fleet.testguard.TestDirs.deleteTree(runtimeDir);
        dev.fleet.testguard.TestDirs.deleteTree(logDir);
    }
}
