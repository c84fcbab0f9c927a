package dev.fleet.testguard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Guards a module's whole test run (one surefire fork = one launcher session; registered through
 * META-INF/services, so every module with testkit on its test classpath gets it):
 *
 * <ul>
 *   <li>creates the private directories the parent pom points HOME, XDG_*, CLAUDE_CONFIG_DIR, TMPDIR
 *       and TMUX_TMPDIR at, so no test reaches the developer's daemon, tmux server or config;
 *   <li>starts the {@link Reaper};
 *   <li>at the end fails the run when tests left processes or files behind (a leak), or — on CI —
 *       when any test was skipped.
 * </ul>
 *
 * <p>The failure is an exception out of {@link #launcherSessionClosed}: surefire then reports an error
 * in the forked process and the build fails, after every test result has been written.
 */
public final class SuiteGuard implements LauncherSessionListener {
    /** System property (set by the parent pom): the module's private test directory. */
    public static final String DIR_PROPERTY = "fleet.test.dir";

    /** What our fixtures and fleet itself name their /tmp entries; other /tmp entries are not ours to judge. */
    static final Pattern TMP_NAMES = Pattern.compile("(fleet|ffl|fdc|fdq|i3|kitty|sway|tmux|foot|claude).*");

    private final List<String> skipped = new ArrayList<>();
    /** Every pid seen as ours during the run (sampled): names an i3 errorlog of ours apart from another run's. */
    private final Set<Long> ourPids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** /tmp entries a process of ours named or held (command line, environment, cwd, open files), sampled. */
    private final Set<String> ourTmpNames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final Pattern TMP_PATH = Pattern.compile("/tmp/([^/\\s\\x00:=;'\"]+)");
    private volatile boolean open;
    private Set<String> tmpBefore = Set.of();
    private Set<String> privateBefore = Set.of();
    private Path dir;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String d = System.getProperty(DIR_PROPERTY);
        if (d != null && !d.isBlank()) {
            dir = Path.of(d);
            prepare(dir);
        }
        Reaper.get();
        startSampling();
        tmpBefore = list(Path.of("/tmp"));
        privateBefore = dir == null ? Set.of() : list(dir.resolve("tmp"));
        session.getLauncher().registerTestExecutionListeners(new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) TestDirs.started(id.getUniqueId());
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                synchronized (skipped) {
                    skipped.add(id.getDisplayName() + " [" + id.getUniqueId() + "]: " + reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) TestDirs.finished(id.getUniqueId());
                if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    synchronized (skipped) {
                        skipped.add(id.getDisplayName() + " [" + id.getUniqueId() + "]: "
                                + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
                    }
                }
            }
        });
    }

    /** Samples which pids and /tmp entries are ours, twice a second, until {@link #stopSampling}. */
    void startSampling() {
        open = true;
        Thread sampler = new Thread(() -> {
            while (open) {
                sampleOurPids();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fleet-suite-guard");
        sampler.setDaemon(true);
        sampler.start();
    }

    void stopSampling() {
        open = false;
        sampleOurPids();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        stopSampling();
        List<String> problems = new ArrayList<>();
        problems.addAll(leakedProcesses());
        problems.addAll(leakedFiles());
        if (Ci.ci()) {
            synchronized (skipped) {
                for (String s : skipped) problems.add("skipped on CI: " + s);
            }
        }
        if (!problems.isEmpty()) {
            String msg = "fleet test run check failed (" + problems.size() + "):\n  " + String.join("\n  ", problems);
            System.err.println(msg);
            throw new AssertionError(msg);
        }
    }

    private void sampleOurPids() {
        try {
            Set<Long> now = new TreeSet<>();
            Reaper.get().survivors().forEach(h -> now.add(h.pid()));
            ProcessHandle.current().descendants().forEach(h -> now.add(h.pid()));
            ourPids.addAll(now);
            for (long pid : now) noteTmpNames(Path.of("/proc", Long.toString(pid)), true);
            noteTmpNames(Path.of("/proc/self"), false);
        } catch (RuntimeException e) {
            // a process went away mid-scan: next round
        }
    }

    private void noteTmpNames(Path proc, boolean all) {
        StringBuilder sb = new StringBuilder();
        if (all) {
            for (String f : List.of("cmdline", "environ")) {
                try {
                    sb.append(new String(Files.readAllBytes(proc.resolve(f)), java.nio.charset.StandardCharsets.UTF_8)).append('\n');
                } catch (IOException | RuntimeException e) {
                    // gone
                }
            }
            try {
                sb.append(Files.readSymbolicLink(proc.resolve("cwd"))).append('\n');
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        try (var fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    sb.append(Files.readSymbolicLink(fd)).append('\n');
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        var m = TMP_PATH.matcher(sb);
        while (m.find()) ourTmpNames.add(m.group(1));
    }

    /**
     * Whether a new /tmp entry came from this run, not from another engineer's run or benchmark on the
     * same machine: a process of ours named or held it while it ran (sampled twice a second), or it is an
     * i3 errorlog dir ({@code i3-<user>.*} holding {@code errorlog.<pid>}) of an i3 of ours.
     */
    boolean plausiblyOurs(Path entry) {
        if (ourTmpNames.contains(entry.getFileName().toString())) return true;
        if (!entry.getFileName().toString().startsWith("i3-")) return false;
        Set<String> names = list(entry);
        List<Long> pids = names.stream().filter(n -> n.matches("errorlog\\.\\d+"))
                .map(n -> Long.parseLong(n.substring("errorlog.".length()))).toList();
        return pids.stream().anyMatch(ourPids::contains);
    }

    /** Processes this JVM started that still run; they are killed after being reported. */
    List<String> leakedProcesses() {
        Reaper r = Reaper.get();
        // a fixture's close() may have just signalled them: give them a moment to go
        List<ProcessHandle> left = alive(r);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Ci.sleep(100);
            left = alive(r);
        }
        List<String> out = new ArrayList<>();
        for (ProcessHandle h : left) out.add("process left running: " + h.pid() + " " + describe(h));
        r.killAll();
        Set<Long> reaper = r.ours();
        ProcessHandle.current().descendants().filter(h -> !reaper.contains(h.pid())).forEach(ProcessHandle::destroyForcibly);
        return out;
    }

    private static List<ProcessHandle> alive(Reaper r) {
        Set<Long> seen = new TreeSet<>();
        List<ProcessHandle> out = new ArrayList<>();
        Set<Long> reaper = r.ours();
        Stream.concat(r.survivors().stream(), ProcessHandle.current().descendants())
                .filter(ProcessHandle::isAlive)
                .filter(h -> !reaper.contains(h.pid()))
                .filter(h -> seen.add(h.pid()))
                .forEach(out::add);
        return out;
    }

    private static String describe(ProcessHandle h) {
        try {
            String cmd = Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ').strip();
            return cmd.length() > 200 ? cmd.substring(0, 200) + "…" : cmd;
        } catch (IOException | RuntimeException e) {
            return h.info().command().orElse("?");
        }
    }

    /**
     * New entries in the private TMPDIR (all ours), and new /tmp entries with our names that no live
     * process uses (another engineer's running suite holds its own entries open or listens on them).
     */
    List<String> leakedFiles() {
        List<String> out = new ArrayList<>();
        if (dir != null) {
            Path tmp = dir.resolve("tmp");
            for (String n : list(tmp)) {
                if (privateBefore.contains(n) || n.startsWith("reaper-")) continue;
                out.add("left in TMPDIR: " + tmp.resolve(n));
                TestDirs.deleteTree(tmp.resolve(n));
            }
        }
        Set<String> now = list(Path.of("/tmp"));
        now.removeAll(tmpBefore);
        now.removeIf(n -> !TMP_NAMES.matcher(n).matches());
        if (!now.isEmpty()) {
            String used = inUse();
            for (String n : now) {
                Path p = Path.of("/tmp", n);
                if (!Files.exists(p) || used.contains(p.toString())) continue;
                if (plausiblyOurs(p)) out.add("left in /tmp: " + p);
                else System.err.println("[fleet suite guard] new in /tmp but not from this run (no process of ours used it): " + p);
            }
        }
        return out;
    }

    /** Paths live processes hold: open files, cwds, command lines and listening unix sockets. */
    private static String inUse() {
        StringBuilder sb = new StringBuilder();
        try {
            sb.append(Files.readString(Path.of("/proc/net/unix"))).append('\n');
        } catch (IOException e) {
            // no /proc/net: fewer exclusions
        }
        try (var procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : procs) {
                try {
                    sb.append(Files.readString(d.resolve("cmdline")).replace('\0', ' ')).append('\n');
                    sb.append(Files.readSymbolicLink(d.resolve("cwd"))).append('\n');
                    try (var fds = Files.newDirectoryStream(d.resolve("fd"))) {
                        for (Path fd : fds) {
                            try {
                                sb.append(Files.readSymbolicLink(fd)).append('\n');
                            } catch (IOException e) {
                                // closed meanwhile
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // gone, or not readable
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return sb.toString();
    }

    private static Set<String> list(Path dir) {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        } catch (IOException e) {
            // missing: empty
        }
        return out;
    }

    /** Fresh private directories; tmux wants its per-user socket dir to exist with mode 0700. */
    static void prepare(Path dir) {
        try {
            TestDirs.deleteTree(dir);
            for (String sub : List.of("home", "run", "state", "cache", "config", "data", "claude", "tmp", "tmux")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Files.setPosixFilePermissions(dir.resolve("run"), PosixFilePermissions.fromString("rwx------"));
            Path tmux = Files.createDirectories(dir.resolve("tmux").resolve("tmux-" + uid()));
            Files.setPosixFilePermissions(tmux, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the private test directories under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Our uid, as the owner of /proc/self says (no core here: core's own tests run under this guard). */
    static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

}
