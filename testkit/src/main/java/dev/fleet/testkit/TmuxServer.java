package dev.fleet.testkit;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.util.Ids;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private tmux server for one test: its own socket (named with {@code -L} or a path with
 * {@code -S}), no user config ({@code -f /dev/null}), and none of the test process's own
 * {@code TMUX}/{@code TMUX_PANE}, so nothing reaches the developer's tmux. {@link #close()} kills the
 * server and every process its panes started.
 *
 * <p>The server starts with the first {@link #newSession}; commands for panes are argv lists, quoted
 * for sh with {@link Shell#join}.
 */
public final class TmuxServer implements AutoCloseable {
    /** A pane as tmux reports it right after creating it. */
    public record Pane(String id, int pid) {}

    /** Width and height of every new session: a detached session otherwise gets 80x24. */
    public static final int WIDTH = 200;
    public static final int HEIGHT = 50;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PANE_FORMAT = "#{pane_id} #{pane_pid}";

    private final List<String> socketArgs;
    private final Path socketPath;
    private final Exec exec = Exec.withTimeout(TIMEOUT);
    private final Map<String, String> env;
    /**
     * Pane processes seen, so close() can kill what survives kill-server (a process ignoring SIGHUP).
     * Handles, not pids: a handle remembers the start time, so a reused pid is never killed.
     */
    private final List<ProcessHandle> paneProcs = new ArrayList<>();

    private TmuxServer(List<String> socketArgs, Path socketPath) {
        Require.tool("tmux");
        this.socketArgs = socketArgs;
        this.socketPath = socketPath;
        Map<String, String> e = new HashMap<>();
        e.put("TMUX", null);
        e.put("TMUX_PANE", null);
        // a detached server still wants a terminal type for its panes
        if (System.getenv("TERM") == null || "dumb".equals(System.getenv("TERM"))) e.put("TERM", "xterm-256color");
        this.env = e;
    }

    /**
     * A server named {@code fleet-test-<random>} in the running test's own {@code TMUX_TMPDIR}, where
     * {@code tmux -L} finds it
     * ({@code TestDirs.tmuxTmpdir()}, which {@code TestDirs.isolatedEnv()} gives the fleet the test runs):
     * tmux's per-user directory there is made when missing.
     */
    public static TmuxServer named() {
        return named(dev.fleet.testguard.TestDirs.tmuxTmpdir().toString());
    }

    /**
     * As {@link #named()}, for a given {@code TMUX_TMPDIR} (null or empty: /tmp). The {@code tmux-<uid>}
     * directory is made as tmux makes it (0700), and an unsafe one refused, since {@code -L} run by a
     * test with another TMUX_TMPDIR would otherwise find no directory on a fresh machine.
     */
    public static TmuxServer named(String tmuxTmpdir) {
        String name = "fleet-test-" + random();
        String tmpdir = tmuxTmpdir == null || tmuxTmpdir.isEmpty() ? "/tmp" : tmuxTmpdir;
        Path dir = ensurePrivateDir(Path.of(tmpdir, "tmux-" + Ids.uid()));
        // addressed by path: a client attached from another environment (a kitty window, a daemon with
        // the module's TMUX_TMPDIR) reaches it too; for fleet it is a server on tmux's default socket dir
        TmuxServer t = new TmuxServer(List.of("-S", dir.resolve(name).toString()), dir.resolve(name));
        // -L resolves against TMUX_TMPDIR: this server's tmux commands get the one it was named in
        t.env.put("TMUX_TMPDIR", tmuxTmpdir);
        return t;
    }

    /**
     * The same rule as bridge-tmux's {@code TmuxSockets.ensurePrivateDir} (the testkit cannot depend on
     * bridge-tmux, whose tests use it): create 0700, refuse a symlink, another owner or group/other access.
     */
    static Path ensurePrivateDir(Path dir) {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // checked below
        } catch (IOException e) {
            throw new AssertionError("cannot create " + dir + " for a tmux socket: " + e);
        }
        try {
            Map<String, Object> a = Files.readAttributes(dir, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            if ((mode & 0170000) != 0040000 || (Integer) a.get("uid") != Ids.uid() || (mode & 077) != 0) {
                throw new AssertionError(dir + " is not a private directory of uid " + Ids.uid() + " (uid " + a.get("uid")
                        + ", mode " + Integer.toOctalString(mode) + "); tmux would refuse it too");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + dir + ": " + e);
        }
        return dir;
    }

    /** A server on an explicit socket path {@code /tmp/fleet-test-<random>.sock} ({@code -S}). */
    public static TmuxServer atPath() {
        Path p = Path.of("/tmp", "fleet-test-" + random() + ".sock");
        return new TmuxServer(List.of("-S", p.toString()), p);
    }

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Where the server listens (exists once the first session is created). */
    public Path socketPath() {
        return socketPath;
    }

    /** The arguments that select this server ({@code -L name} or {@code -S path}), for other tmux calls. */
    public List<String> socketArgs() {
        return socketArgs;
    }

    /** Runs {@code tmux <socket args> args...}; returns stdout, throws AssertionError on failure. */
    public String run(String... args) {
        return run(Arrays.asList(args));
    }

    public String run(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("tmux");
        argv.add("-f");
        argv.add("/dev/null");
        argv.addAll(socketArgs);
        argv.addAll(args);
        Exec.Result r = exec.run(argv, env, null);
        // tmux 3.3 exits 0 after "error creating <socket> (…)": that is a failure too
        if (!r.ok() || r.err().contains("error creating ") || r.err().contains("error connecting to ")) throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + r.firstErrorLine());
        return r.out();
    }

    /**
     * The lines of {@code list-clients -F format} of the user's clients: control-mode clients (a fleet daemon
     * keeps one per server for its switches) left out. Empty when none.
     */
    public List<String> userClients(String format) {
        List<String> out = new ArrayList<>();
        for (String l : run("list-clients", "-F", "#{client_control_mode}\t" + format).split("\n")) {
            if (l.startsWith("0\t")) out.add(l.substring(2));
        }
        return out;
    }

    /** The pids of the control-mode clients attached to this server. */
    public List<Long> controlClients() {
        List<Long> out = new ArrayList<>();
        for (String l : run("list-clients", "-F", "#{client_control_mode} #{client_pid}").split("\n")) {
            if (l.startsWith("1 ")) out.add(Long.parseLong(l.substring(2).strip()));
        }
        return out;
    }

    /** A new detached session (200x50) running {@code command} (argv; empty means the default shell). */
    public Pane newSession(String name, Path cwd, String... command) {
        return newSession(name, cwd, Map.of(), List.of(command));
    }

    /** As {@link #newSession(String, Path, String...)}, with extra environment for the pane. */
    public Pane newSession(String name, Path cwd, Map<String, String> paneEnv, List<String> command) {
        List<String> a = new ArrayList<>(List.of("new-session", "-d", "-s", name,
                "-x", Integer.toString(WIDTH), "-y", Integer.toString(HEIGHT)));
        return create(a, cwd, paneEnv, command);
    }

    /** A new window in {@code target} (a session name or window target). */
    public Pane newWindow(String target, Path cwd, String... command) {
        return newWindow(target, cwd, Map.of(), List.of(command));
    }

    public Pane newWindow(String target, Path cwd, Map<String, String> paneEnv, List<String> command) {
        // "name:" means "the next free index in session name"; a bare window target would be taken as an index to fill
        String t = target.contains(":") || target.startsWith("@") || target.startsWith("%") ? target : target + ":";
        return create(new ArrayList<>(List.of("new-window", "-d", "-t", t)), cwd, paneEnv, command);
    }

    /** Splits the pane {@code target}; the new pane is returned. */
    public Pane splitWindow(String target, Path cwd, String... command) {
        return splitWindow(target, cwd, Map.of(), List.of(command));
    }

    public Pane splitWindow(String target, Path cwd, Map<String, String> paneEnv, List<String> command) {
        return create(new ArrayList<>(List.of("split-window", "-d", "-t", target)), cwd, paneEnv, command);
    }

    private Pane create(List<String> a, Path cwd, Map<String, String> paneEnv, List<String> command) {
        a.addAll(List.of("-P", "-F", PANE_FORMAT));
        if (cwd != null) a.addAll(List.of("-c", cwd.toString()));
        for (Map.Entry<String, String> e : new LinkedHashMap<>(paneEnv).entrySet()) {
            a.addAll(List.of("-e", e.getKey() + "=" + e.getValue()));
        }
        // one string, run by tmux with sh -c: every argument quoted
        if (!command.isEmpty()) a.add(Shell.join(command));
        String out = run(a).strip();
        String[] f = out.split(" ");
        if (f.length != 2) throw new AssertionError("unexpected tmux output: " + out);
        Pane p = new Pane(f[0], Integer.parseInt(f[1]));
        ProcessHandle.of(p.pid()).ifPresent(h -> {
            synchronized (paneProcs) {
                paneProcs.add(h);
            }
        });
        return p;
    }

    /**
     * A pane wherever {@code target} says: {@code %N} splits that pane; an existing session (or a
     * {@code session:window} target) gets a new window; any other name becomes a new session.
     */
    public Pane newPane(String target, Path cwd, Map<String, String> paneEnv, List<String> command) {
        if (target.startsWith("%")) return splitWindow(target, cwd, paneEnv, command);
        if (target.contains(":") || target.startsWith("$") || hasSession(target)) return newWindow(target, cwd, paneEnv, command);
        return newSession(target, cwd, paneEnv, command);
    }

    /** True when a session named exactly {@code name} exists (false when the server is not running). */
    public boolean hasSession(String name) {
        List<String> argv = withSocket("has-session", "-t", "=" + name);
        return exec.run(argv, env, null).ok();
    }

    /** {@code send-keys -t target keys...}: key names such as {@code Enter}, {@code C-c}, or plain words. */
    public void sendKeys(String target, String... keys) {
        List<String> a = new ArrayList<>(List.of("send-keys", "-t", target));
        a.addAll(Arrays.asList(keys));
        run(a);
    }

    /** Types {@code text} literally ({@code send-keys -l}): no key-name lookup. */
    public void sendText(String target, String text) {
        run("send-keys", "-t", target, "-l", text);
    }

    /** The visible text of the pane. */
    public String capturePane(String target) {
        return run("capture-pane", "-p", "-t", target);
    }

    /**
     * Polls the pane until {@code regex} is found in its text (multiline mode); returns the capture.
     *
     * @throws AssertionError on timeout, with what the pane showed last
     */
    public String waitForText(String target, String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            try {
                last = capturePane(target);
                Matcher m = p.matcher(last);
                if (m.find()) return last;
            } catch (AssertionError e) {
                last = e.getMessage(); // the pane may not exist yet (or any more)
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("pane " + target + " did not show /" + regex + "/ within "
                        + timeout.toSeconds() + " s; it showed:\n" + last.stripTrailing());
            }
            sleep(100);
        }
    }

    /** A tmux format evaluated for {@code target}, e.g. {@code #{pane_pid}}. */
    public String display(String target, String format) {
        return run("display-message", "-p", "-t", target, format).strip();
    }

    /** Kills the server, then any pane process still alive (and its children), then the socket file. */
    @Override
    public void close() {
        List<ProcessHandle> roots;
        synchronized (paneProcs) {
            roots = new ArrayList<>(paneProcs);
        }
        try {
            for (String line : run("list-panes", "-a", "-F", "#{pane_pid}").split("\n")) {
                if (!line.isBlank()) ProcessHandle.of(Integer.parseInt(line.strip())).ifPresent(roots::add);
            }
        } catch (AssertionError | RuntimeException e) {
            // no server running (never started, or its last pane exited)
        }
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle h : roots) {
            if (!h.isAlive()) continue;
            h.descendants().forEach(survivors::add);
            survivors.add(h);
        }
        try {
            exec.run(withSocket("kill-server"), env, null);
        } catch (RuntimeException e) {
            // already gone
        }
        for (ProcessHandle h : survivors) {
            if (h.isAlive()) h.destroy();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        for (ProcessHandle h : survivors) {
            while (h.isAlive() && System.nanoTime() < deadline) sleep(20);
            if (h.isAlive()) h.destroyForcibly();
        }
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            // best effort: tmux normally removes it itself
        }
    }

    private List<String> withSocket(String... args) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-f", "/dev/null"));
        argv.addAll(socketArgs);
        argv.addAll(Arrays.asList(args));
        return argv;
    }

    static void sleep(long ms) {
        dev.fleet.testguard.Ci.sleep(ms);
    }
}
