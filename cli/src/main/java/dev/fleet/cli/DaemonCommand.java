package dev.fleet.cli;

import dev.fleet.commands.ListCommand;
import dev.fleet.commands.Settings;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.DaemonLiveness;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.daemon.DaemonServer;
import dev.fleet.daemon.FleetDaemon;
import dev.fleet.daemon.PictureKeeper;
import dev.fleet.core.json.Json;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.util.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fleet daemon run|start|stop|status|install}. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the daemon that makes switch, next and ls instant.",
                "The daemon keeps the picture current, answers switch, next, ls and ls --json in milliseconds, "
                        + "holds labels and tracks how long each agent has waited."},
        subcommands = {DaemonCommand.Run.class, DaemonCommand.Start.class, DaemonCommand.Stop.class,
                DaemonCommand.Status.class, DaemonCommand.Install.class})
final class DaemonCommand implements Callable<Integer> {
    /** JVM options for the long-running daemon: small heap, serial GC, C1 only (idle RSS and CPU). */
    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms8m", "-Xmx64m",
            "-Xss512k", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=24m", "-XX:-UsePerfData", "-Xshare:auto");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    static Settings settings() {
        return Settings.fromEnv(FleetCommand.env);
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
    static boolean replaceFrozen(Path sock, String what) throws InterruptedException {
        String state = notAnswering(sock);
        if (state == null) return true;
        long pid = DaemonLiveness.holder(sock.getParent()).orElse(-1);
        System.err.println("fleet: the daemon is " + state + "; killing it (SIGKILL) " + what);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (DaemonLiveness.holder(sock.getParent()).isPresent() && System.nanoTime() < deadline) Thread.sleep(10);
        return DaemonLiveness.holder(sock.getParent()).isEmpty();
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the daemon in the foreground (logs on stderr).")
    static final class Run implements Callable<Integer> {
        @Option(names = "--tmux-socket", paramLabel = "PATH", description = "Also look at this tmux server socket (repeatable).")
        List<String> sockets = new ArrayList<>();

        @Override
        public Integer call() throws InterruptedException {
            Settings s = settings();
            FleetDaemon.Config cfg = new FleetDaemon.Config(socket(s), s.configDir(), s.procRoot(), s.env(),
                    Map.of(ListCommand.TMUX_SOCKET_OPTION, List.copyOf(sockets)), s.stateDir(),
                    PictureKeeper.Timing.defaults(), DaemonServer.Limits.defaults());
            FleetDaemon d;
            try {
                d = FleetDaemon.start(cfg, FleetDaemon.stderrLog());
            } catch (FleetDaemon.StartException e) {
                System.err.println("fleet: " + e.getMessage());
                return ExitCodes.ERROR;
            }
            // SIGTERM / SIGINT: stop serving and remove the socket
            Runtime.getRuntime().addShutdownHook(new Thread(d::close, "fleet-shutdown"));
            d.awaitStop();
            return ExitCodes.OK;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Start the daemon in the background.", "Returns once its socket answers."})
    static final class Start implements Callable<Integer> {
        @Override
        public Integer call() throws IOException, InterruptedException {
            Settings s = settings();
            Path sock = socket(s);
            Map<String, Object> st = status(sock);
            if (st != null) {
                System.out.println("fleet daemon already running (pid " + st.get("pid") + ", socket " + sock + ")");
                return ExitCodes.OK;
            }
            if (!replaceFrozen(sock, "to start a new one")) {
                System.err.println("fleet: the old daemon still holds " + DaemonLiveness.lockFile(sock.getParent()) + "; not starting another");
                return ExitCodes.ERROR;
            }
            Path log = s.stateDir().resolve("daemon.log");
            AtomicFiles.privateDir(s.stateDir());
            List<String> argv = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) argv.add("/usr/bin/setsid"); // out of the terminal's process group
            argv.addAll(javaCommand());
            argv.add("daemon");
            argv.add("run");
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(s.env());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.redirectErrorStream(true);
            Process p = pb.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                st = status(sock);
                if (st != null) {
                    System.out.println("fleet daemon started (pid " + st.get("pid") + ", " + st.get("agents") + " agents, socket " + sock + ")");
                    return ExitCodes.OK;
                }
                if (!p.isAlive() && !argv.get(0).endsWith("setsid")) break;
                Thread.sleep(25);
            }
            System.err.println("fleet: the daemon did not answer on " + sock + "; see " + log);
            return ExitCodes.ERROR;
        }
    }

    /** The JVM running this command, with the daemon's options, on the same class path. */
    static List<String> javaCommand() {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.addAll(JVM_OPTIONS);
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(Main.class.getName());
        return argv;
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the daemon (it removes its socket).")
    static final class Stop implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            Path sock = socket(settings());
            Map<String, Object> st = status(sock);
            if (st == null) {
                if (notAnswering(sock) != null) return replaceFrozen(sock, "to stop it") ? ExitCodes.OK : ExitCodes.ERROR;
                System.out.println("no fleet daemon is running (socket " + sock + ")");
                return ExitCodes.OK;
            }
            try (DaemonClient c = DaemonClient.connect(sock)) {
                c.call(Map.of("v", 1, "op", "stop"), Duration.ofSeconds(5));
            } catch (IOException | RuntimeException e) {
                System.err.println("fleet: the daemon did not take 'stop': " + e.getMessage());
                return ExitCodes.ERROR;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(sock) && System.nanoTime() < deadline) Thread.sleep(20);
            System.out.println("fleet daemon stopped (pid " + st.get("pid") + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show whether the daemon runs: pid, uptime, agents, socket.", "Exits 0 when it runs, 1 when not."})
    static final class Status implements Callable<Integer> {
        @Option(names = "--json", description = "The status reply as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Path sock = socket(settings());
            Map<String, Object> st = status(sock);
            if (st == null) {
                String frozen = notAnswering(sock);
                OptionalLong pid = DaemonLiveness.holder(sock.getParent());
                if (json) {
                    System.out.println("{\"running\": false, \"answering\": false" + (pid.isPresent() ? ", \"pid\": " + pid.getAsLong() : "")
                            + ", \"socket\": " + Json.write(sock.toString()) + "}");
                } else if (frozen != null) {
                    System.out.println("fleet daemon " + frozen + "; 'fleet daemon start' replaces it (socket " + sock + ")");
                } else {
                    System.out.println("no fleet daemon is running (socket " + sock + ")");
                }
                return ExitCodes.NO_MATCH;
            }
            if (json) {
                st.remove("ok");
                st.put("running", true);
                System.out.println(Json.writePretty(st));
                return ExitCodes.OK;
            }
            long up = ((Number) st.get("uptime_ms")).longValue() / 1000;
            System.out.println("fleet daemon running");
            System.out.println("  pid      " + st.get("pid"));
            System.out.println("  uptime   " + (up >= 3600 ? up / 3600 + "h" + (up % 3600) / 60 + "m" : up >= 60 ? up / 60 + "m" + up % 60 + "s" : up + "s"));
            System.out.println("  agents   " + st.get("agents"));
            System.out.println("  socket   " + st.get("socket"));
            System.out.println("  watching " + st.get("config_dir"));
            System.out.println("  labels   " + st.get("labels_file"));
            System.out.println("  served   " + st.get("served") + " requests");
            return ExitCodes.OK;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Write a systemd user unit (fleet.service).", "Prints how to enable it."})
    static final class Install implements Callable<Integer> {
        @Option(names = "--print", description = "Print the unit instead of writing it.")
        boolean print;

        @Override
        public Integer call() throws IOException {
            Settings s = settings();
            String unit = unit(s);
            if (print) {
                System.out.print(unit);
                return ExitCodes.OK;
            }
            String xdg = s.env().get("XDG_CONFIG_HOME");
            Path dir = (xdg != null && xdg.startsWith("/") ? Path.of(xdg) : s.home().resolve(".config")).resolve("systemd/user");
            Files.createDirectories(dir);
            Path file = dir.resolve("fleet.service");
            AtomicFiles.write(file, unit.getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            System.out.println("wrote " + file);
            System.out.println("enable it with:  systemctl --user daemon-reload && systemctl --user enable --now fleet.service");
            return ExitCodes.OK;
        }
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
