package dev.fleet.testguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ends what tests started when their JVM dies, however it dies. Two ways catch a fixture's process:
 *
 * <ul>
 *   <li>the pid every fixture {@link #register registers} (Xvfb, i3, kitty, sway, foot, stand-ins), written
 *       with its start time to a file, so a reused pid is never killed;
 *   <li>the variable {@code FLEET_TEST_RUN=<token>} surefire puts in the test JVM's environment: every
 *       process a test starts inherits it, including those that detach themselves (a tmux server
 *       daemonizes into its own session, so neither a pid we saw nor a process group finds it).
 * </ul>
 *
 * <p>A JVM shutdown hook cannot run when surefire's timeout kills the JVM with SIGKILL, so the first use
 * starts a watchdog: a tiny {@code sh} that polls the JVM's pid every second and, once it is gone, kills
 * both sets (TERM, then KILL). It is not in the JVM's process group and ignores HUP, so whatever ends
 * the JVM leaves it running. Chosen over {@code setsid} + killing the group because daemons leave groups.
 */
public final class Reaper {
    /** The variable that marks every process of this test JVM; the token is unique per module run. */
    public static final String MARK = "FLEET_TEST_RUN";

    private static final String WATCHDOG = String.join("\n",
            "trap '' HUP INT",
            "jvm=$1 list=$2 mark=$3",
            "while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done",
            "victims() {",
            "  if [ -f \"$list\" ]; then",
            "    while read -r pid start; do",
            // field 22 of /proc/<pid>/stat is the start time; comm (field 2) may hold spaces, so cut after ')'
            "      now=$(sed 's/.*) //' \"/proc/$pid/stat\" 2>/dev/null | cut -d' ' -f20)",
            "      [ -n \"$now\" ] && [ \"$now\" = \"$start\" ] && echo \"$pid\"",
            "    done < \"$list\"",
            "  fi",
            // one grep over every environ (NUL-separated entries, -z): a loop of processes per pid is too
            // slow on a loaded machine
            "  if [ -n \"$mark\" ]; then",
            "    grep -lzxF -e \"$mark\" /proc/[0-9]*/environ 2>/dev/null | sed -n 's|^/proc/\\([0-9]*\\)/environ$|\\1|p' | grep -vx \"$$\"",
            "  fi",
            "}",
            "v=$(victims); [ -n \"$v\" ] && kill -TERM $v 2>/dev/null",
            "sleep 2",
            "v=$(victims); [ -n \"$v\" ] && kill -KILL $v 2>/dev/null",
            "rm -f \"$list\"",
            "");

    private static Reaper instance;

    private final Path list;
    private final String token;
    private final ProcessHandle watchdog;

    private Reaper(Path list, String token, ProcessHandle watchdog) {
        this.list = list;
        this.token = token;
        this.watchdog = watchdog;
    }

    /** The reaper of this JVM, its watchdog started on first use. */
    public static synchronized Reaper get() {
        if (instance == null) instance = start();
        return instance;
    }

    private static Reaper start() {
        String token = System.getenv(MARK);
        try {
            String dir = System.getProperty(SuiteGuard.DIR_PROPERTY);
            Path list = dir == null ? Files.createTempFile("fleet-reaper-", ".pids")
                    : Files.createTempFile(Files.createDirectories(Path.of(dir)), "reaper-", ".pids");
            String mark = token == null || token.isEmpty() ? "" : MARK + "=" + token;
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", WATCHDOG, "fleet-reaper",
                    Long.toString(ProcessHandle.current().pid()), list.toString(), mark);
            pb.environment().remove(MARK); // the watchdog must not find itself
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            Reaper r = new Reaper(list, token, p.toHandle());
            // an orderly exit ends them at once instead of a second later
            Runtime.getRuntime().addShutdownHook(new Thread(r::killAll, "fleet-reaper"));
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test process reaper", e);
        }
    }

    /** Registers a process a fixture started: it is killed when this JVM dies, unless it ended before. */
    public static void register(Process p) {
        register(p.toHandle());
    }

    public static void register(ProcessHandle h) {
        Reaper r = get();
        Optional<String> start = startTime(h.pid());
        if (start.isEmpty()) return; // already gone
        synchronized (r) {
            try {
                Files.writeString(r.list, h.pid() + " " + start.get() + "\n", StandardCharsets.US_ASCII,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot register pid " + h.pid(), e);
            }
        }
    }

    /** The watchdog's pid (a leak check must not count it). */
    public ProcessHandle watchdog() {
        return watchdog;
    }

    /** This reaper's own processes: the watchdog and its {@code sleep}. */
    public java.util.Set<Long> ours() {
        java.util.Set<Long> s = new java.util.HashSet<>();
        s.add(watchdog.pid());
        watchdog.descendants().forEach(h -> s.add(h.pid()));
        return s;
    }

    /** Where the registered pids are kept. */
    public Path list() {
        return list;
    }

    /**
     * Processes still alive that this JVM started: registered ones (same start time) and those carrying
     * this run's mark, minus this JVM and its watchdog.
     */
    public List<ProcessHandle> survivors() {
        List<ProcessHandle> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        // surefire starts the JVM through sh -c with the same environment: ancestors are not ours to end
        java.util.Set<Long> mine = new java.util.HashSet<>(ours());
        for (Optional<ProcessHandle> a = ProcessHandle.current().parent(); a.isPresent(); a = a.get().parent()) {
            mine.add(a.get().pid());
        }
        try {
            for (String line : Files.readAllLines(list, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split(" ");
                if (f.length != 2) continue;
                long pid = Long.parseLong(f[0]);
                if (startTime(pid).filter(f[1]::equals).isPresent()) ProcessHandle.of(pid).ifPresent(out::add);
            }
        } catch (IOException | RuntimeException e) {
            // no list: nothing registered
        }
        if (token != null && !token.isEmpty()) {
            byte[] mark = (MARK + "=" + token).getBytes(StandardCharsets.UTF_8);
            try (var s = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path d : s) {
                    long pid = Long.parseLong(d.getFileName().toString());
                    if (pid == self || mine.contains(pid)) continue;
                    if (hasVariable(d.resolve("environ"), mark) && out.stream().noneMatch(h -> h.pid() == pid)) {
                        ProcessHandle.of(pid).ifPresent(out::add);
                    }
                }
            } catch (IOException e) {
                // no /proc: registered ones only
            }
        }
        return out;
    }

    /** TERM, a grace period, then KILL for every survivor. */
    public void killAll() {
        List<ProcessHandle> v = survivors();
        v.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (ProcessHandle h : v) {
            while (h.isAlive() && System.nanoTime() < deadline) Ci.sleep(20);
            if (h.isAlive()) h.destroyForcibly();
        }
    }

    private static boolean hasVariable(Path environ, byte[] entry) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to read
        }
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == entry.length && java.util.Arrays.equals(env, start, i, entry, 0, entry.length)) return true;
                start = i + 1;
            }
        }
        return false;
    }

    /** Field 22 of /proc/pid/stat: the start time in clock ticks since boot. */
    static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(f[19]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
