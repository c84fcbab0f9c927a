package dev.fleet.daemon;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.ListCommand;
import dev.fleet.commands.LsCommand;
import dev.fleet.commands.OptionSpec;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import dev.fleet.core.ExitCodes;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.DaemonLiveness;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileLock;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.jar.JarFile;

/** {@code fleet daemon run|start|stop|status|install}, the table entry. */
public final class DaemonCommand implements Command {
    private static final Spec SPEC = Spec.of("daemon", 60,
            List.of("Run the daemon that makes switch, next and ls instant.",
                    "The daemon keeps the picture current, answers switch, next, ls and ls --json in milliseconds, "
                            + "holds labels and tracks how long each agent has waited."),
            List.of(), List.of());

    /** JVM options for the long-running daemon: small heap, serial GC, C1 only (idle RSS and CPU). */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms8m", "-Xmx64m",
            "-Xss512k", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=24m", "-XX:-UsePerfData", "-Xshare:auto");

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public List<Command> subcommands() {
        return List.of(RUN, START, STOP, STATUS, INSTALL);
    }

    static Path socket(Settings s) {
        return SocketPaths.socket(s.env());
    }

    /** The daemon's status reply, or null when none answers (a stopped or killed one is seen at once). */
    static Map<String, Object> status(Path sock) {
        Path dir = sock.getParent();
        if (DaemonLiveness.state(dir) != DaemonLiveness.State.ANSWERING) return null;
        try (DaemonClient c = DaemonClient.connect(sock)) {
            Map<String, Object> r = c.watching(DaemonLiveness.watcher(dir)).call(Map.of("v", 1, "op", "status"), Duration.ofSeconds(3));
            return Boolean.TRUE.equals(r.get("ok")) ? r : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "not answering (pid N, stopped)" for a daemon that holds its lock but did not answer; null when none holds it. */
    static String notAnswering(Path sock) {
        OptionalLong pid = DaemonLiveness.holder(sock.getParent());
        if (pid.isEmpty()) return null;
        return "not answering (pid " + pid.getAsLong() + ", "
                + (DaemonLiveness.stopped(pid.getAsLong()) ? "stopped" : "running but no reply within 3 s") + ")";
    }

    /**
     * Ends a daemon that holds the lock but does not answer, saying so on stderr: SIGKILL (a stopped
     * process takes nothing else); the kernel releases its lock at once, even while it is a zombie.
     * False when the lock is still held afterwards.
     */
    static boolean replaceFrozen(Console c, Path sock, String what) {
        String state = notAnswering(sock);
        if (state == null) return true;
        long pid = DaemonLiveness.holder(sock.getParent()).orElse(-1);
        c.error("the daemon is " + state + "; killing it (SIGKILL) " + what);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (DaemonLiveness.holder(sock.getParent()).isPresent() && System.nanoTime() < deadline) pause(10);
        return DaemonLiveness.holder(sock.getParent()).isEmpty();
    }

    static final Command RUN = Command.of(Spec.sub("run", List.of("Run the daemon in the foreground (logs on stderr)."),
                List.of(LsCommand.TMUX_SOCKET), List.of()), (a, s, c) -> {
        List<String> sockets = a.values("--tmux-socket");
        FleetDaemon.Config cfg = new FleetDaemon.Config(socket(s), s.configDir(), s.procRoot(), s.env(),
                Map.of(ListCommand.TMUX_SOCKET_OPTION, List.copyOf(sockets)), s.stateDir(),
                PictureKeeper.Timing.defaults(), DaemonServer.Limits.defaults());
        FleetDaemon d;
        try {
            d = FleetDaemon.start(cfg, FleetDaemon.stderrLog());
        } catch (FleetDaemon.StartException e) {
            c.error(e.getMessage());
            return ExitCodes.ERROR;
        }
        // SIGTERM / SIGINT: stop serving and remove the socket
        Runtime.getRuntime().addShutdownHook(new Thread(d::close, "fleet-shutdown"));
        try {
            d.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    });

    static final Command START = Command.of(Spec.sub("start", List.of("Start the daemon in the background.", "Returns once its socket answers."),
                List.of(), List.of()), (a, s, c) -> start(s, c));

    private static int start(Settings s, Console c) throws IOException {
        Path sock = socket(s);
        Map<String, Object> st = status(sock);
        if (st != null) {
            c.out().println("fleet daemon already running (pid " + st.get("pid") + ", socket " + sock + ")");
            return ExitCodes.OK;
        }
        if (!replaceFrozen(c, sock, "to start a new one")) {
            c.error("the old daemon still holds " + DaemonLiveness.lockFile(sock.getParent()) + "; not starting another");
            return ExitCodes.ERROR;
        }
        Path log = log(s);
        Process p = spawn(s);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            st = status(sock);
            if (st != null) {
                c.out().println("fleet daemon started (pid " + st.get("pid") + ", " + st.get("agents") + " agents, socket " + sock + ")");
                return ExitCodes.OK;
            }
            if (!p.isAlive() && !SETSID.isPresent()) break; // (setsid's own process ends at once)
            pause(25);
        }
        c.error("the daemon did not answer on " + sock + "; see " + log);
        return ExitCodes.ERROR;
    }

    private static final java.util.Optional<Path> SETSID = java.util.Optional.of(Path.of("/usr/bin/setsid")).filter(Files::isExecutable);

    /** Where a daemon started in the background writes: {@code $XDG_STATE_HOME/fleet/daemon.log}. */
    public static Path log(Settings s) {
        return s.stateDir().resolve("daemon.log");
    }

    /**
     * Starts {@code fleet daemon run} in the background without waiting for it (for {@code daemon start}
     * and the JVM path's auto-start): in a session of its own (setsid: out of the caller's process group
     * and terminal), with this environment, stdin from /dev/null and its output appended to {@link #log}.
     */
    public static Process spawn(Settings s) throws IOException {
        AtomicFiles.privateDir(s.stateDir());
        List<String> argv = new ArrayList<>();
        SETSID.ifPresent(p -> argv.add(p.toString()));
        argv.addAll(javaCommand());
        argv.add("daemon");
        argv.add("run");
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(s.env());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log(s).toFile()));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** The JVM running this command, with the daemon's options, on the same class path and main class. */
    static List<String> javaCommand() {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(JVM_OPTIONS);
        // JDK 22+: junixsocket's native library would cost four warning lines in the log (the launcher's reason)
        if (Runtime.version().feature() >= 22) argv.add("--enable-native-access=ALL-UNNAMED");
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(mainClass());
        return argv;
    }

    /**
     * The class this JVM was started with ({@code -cp … dev.fleet.cli.Main}), or the Main-Class of the jar
     * it was started from ({@code -jar fleet.jar}): the daemon module names no entry point of its own.
     */
    static String mainClass() {
        String cmd = System.getProperty("sun.java.command", "").split(" ", 2)[0];
        if (!cmd.endsWith(".jar")) return cmd;
        try (JarFile jar = new JarFile(cmd)) {
            return jar.getManifest().getMainAttributes().getValue("Main-Class");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the main class of " + cmd + ": " + e.getMessage(), e);
        }
    }

    /** A wait between polls; an interrupt ends it early (the caller's deadline still holds). */
    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final Command STOP = Command.of(Spec.sub("stop", List.of("Stop the daemon (it removes its socket)."), List.of(), List.of()), (a, s, c) -> {
        Path sock = socket(s);
        Map<String, Object> st = status(sock);
        if (st == null) {
            if (notAnswering(sock) != null) {
                if (!replaceFrozen(c, sock, "to stop it")) return ExitCodes.ERROR;
                sweepMarks(s, c, sock.getParent());
                return ExitCodes.OK;
            }
            c.out().println("no fleet daemon is running (socket " + sock + ")");
            sweepMarks(s, c, sock.getParent());
            return ExitCodes.OK;
        }
        try (DaemonClient client = DaemonClient.connect(sock)) {
            client.call(Map.of("v", 1, "op", "stop"), Duration.ofSeconds(5));
        } catch (IOException | RuntimeException e) {
            c.error("the daemon did not take 'stop': " + e.getMessage());
            return ExitCodes.ERROR;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.exists(sock) && System.nanoTime() < deadline) pause(20);
        c.out().println("fleet daemon stopped (pid " + st.get("pid") + ")");
        return ExitCodes.OK;
    });

    /**
     * Takes back the marks a killed daemon left (it could not): under the daemon's lock, so that no daemon
     * starting meanwhile adopts them at the same time. A daemon that holds the lock takes them over itself.
     */
    private static void sweepMarks(Settings s, Console c, Path dir) {
        if (!Files.exists(dir.resolve(MarkLedger.FILE))) return;
        try (FileChannel ch = FileChannel.open(DaemonLiveness.lockFile(dir), StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            if (lock == null) return;
            int n = MarkReactor.sweep(dir, s.env(), c::error);
            if (n > 0) c.out().println("took back " + n + " mark(s) a killed fleet daemon left");
        } catch (IOException | RuntimeException e) {
            c.error("cannot take back the marks a killed fleet daemon left: " + e.getMessage());
        }
    }

    static final Command STATUS = Command.of(Spec.sub("status",
                List.of("Show whether the daemon runs: pid, uptime, agents, socket.", "Exits 0 when it runs, 1 when not."),
                List.of(OptionSpec.flag("The status reply as JSON.", "--json")), List.of()), (a, s, c) -> {
        boolean json = a.flag("--json");
        Path sock = socket(s);
        Map<String, Object> st = status(sock);
        if (st == null) {
            String frozen = notAnswering(sock);
            OptionalLong pid = DaemonLiveness.holder(sock.getParent());
            if (json) {
                c.out().println("{\"running\": false, \"answering\": false" + (pid.isPresent() ? ", \"pid\": " + pid.getAsLong() : "")
                        + ", \"socket\": " + Json.write(sock.toString()) + "}");
            } else if (frozen != null) {
                c.out().println("fleet daemon " + frozen + "; 'fleet daemon start' replaces it (socket " + sock + ")");
            } else {
                c.out().println("no fleet daemon is running (socket " + sock + ")");
            }
            return ExitCodes.NO_MATCH;
        }
        if (json) {
            st.remove("ok");
            st.put("running", true);
            c.out().println(Json.writePretty(st));
            return ExitCodes.OK;
        }
        long up = ((Number) st.get("uptime_ms")).longValue() / 1000;
        c.out().println("fleet daemon running");
        c.out().println("  pid      " + st.get("pid"));
        c.out().println("  uptime   " + (up >= 3600 ? up / 3600 + "h" + (up % 3600) / 60 + "m" : up >= 60 ? up / 60 + "m" + up % 60 + "s" : up + "s"));
        c.out().println("  agents   " + st.get("agents"));
        c.out().println("  socket   " + st.get("socket"));
        c.out().println("  watching " + st.get("config_dir"));
        c.out().println("  labels   " + st.get("labels_file"));
        c.out().println("  served   " + st.get("served") + " requests");
        return ExitCodes.OK;
    });

    static final Command INSTALL = Command.of(Spec.sub("install", List.of("Write a systemd user unit (fleet.service).", "Prints how to enable it."),
                List.of(OptionSpec.flag("Print the unit instead of writing it.", "--print")), List.of()), (a, s, c) -> install(s, c, a.flag("--print")));

    private static int install(Settings s, Console c, boolean print) throws IOException {
        String unit = unit(s);
        if (print) {
            c.out().print(unit);
            return ExitCodes.OK;
        }
        String xdg = s.env().get("XDG_CONFIG_HOME");
        Path dir = (xdg != null && xdg.startsWith("/") ? Path.of(xdg) : s.home().resolve(".config")).resolve("systemd/user");
        Files.createDirectories(dir);
        Path file = dir.resolve("fleet.service");
        AtomicFiles.write(file, unit.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        c.out().println("wrote " + file);
        c.out().println("enable it with:  systemctl --user daemon-reload && systemctl --user enable --now fleet.service");
        return ExitCodes.OK;
    }

    /** The unit: the launcher when known (it picks the JDK and the class-data archive), else this JVM's command. */
    static String unit(Settings s) {
        String launcher = s.env().get("FLEET_BIN");
        List<String> cmd = new ArrayList<>();
        if (launcher != null && launcher.startsWith("/")) {
            cmd.add(launcher);
        } else {
            cmd.addAll(javaCommand());
        }
        cmd.add("daemon");
        cmd.add("run");
        StringBuilder u = new StringBuilder();
        u.append("# written by 'fleet daemon install'\n");
        u.append("[Unit]\nDescription=fleet daemon: Claude Code agents, their state and where they live\n\n");
        u.append("[Service]\nType=simple\n");
        String cfg = s.env().get("CLAUDE_CONFIG_DIR");
        if (cfg != null && !cfg.isEmpty()) u.append("Environment=").append(systemdQuote("CLAUDE_CONFIG_DIR=" + cfg)).append('\n');
        u.append("ExecStart=");
        for (int i = 0; i < cmd.size(); i++) u.append(i == 0 ? "" : " ").append(systemdQuote(cmd.get(i)));
        u.append("\nRestart=on-failure\nRestartSec=2\n\n[Install]\nWantedBy=default.target\n");
        return u.toString();
    }

    /** systemd's quoting: double quotes, backslash before backslash, quote, and % doubled. */
    static String systemdQuote(String arg) {
        String e = arg.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$");
        return "\"" + e + "\"";
    }
}
