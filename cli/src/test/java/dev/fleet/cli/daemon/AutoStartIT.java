package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.daemon.DaemonLiveness;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon starts itself, as tmux starts its server: a fresh user's first command starts one in the
 * background, detached from the caller (its own session, stdin from /dev/null, output in the state
 * dir's daemon.log), and the next call is served by it; a burst of first calls starts one; the off
 * switches and a stopped daemon start none. The daemons are found independently of fleet: processes
 * whose command line ends in {@code daemon run} with this test's runtime dir in their environment,
 * and the holder of the daemon's lock in {@code /proc/locks}.
 */
class AutoStartIT {
    @TempDir
    Path tmp;

    private Path runtime;
    private Path config;
    private Path state;
    private Map<String, String> env;
    private LauncherCopy launcher;

    @BeforeEach
    void user() throws IOException {
        Require.tools("tmux", "setsid", "flock");
        runtime = Files.createTempDirectory(Path.of("/tmp"), "fas-"); // unix socket paths must stay short
        config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        env = LauncherCopy.userEnv(tmp, config, runtime);
        env.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        env.put("FLEET_AUTOSTART", "1"); // the suite's default is 0
        env.put("FLEET_CDS", "0");       // and the daemon records no class-data archive either
        state = tmp.resolve("state/fleet");
        launcher = LauncherCopy.in(tmp.resolve("copy"), true);
    }

    @AfterEach
    void killDaemons() throws IOException, InterruptedException {
        for (long pid : daemons()) ProcessHandle.of(pid).ifPresent(p -> {
            Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("kill", "-CONT", Long.toString(pid)), Map.of(), null);
            p.destroyForcibly();
        });
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFreshUsersFirstLsStartsOneDetachedDaemonThatServesTheNextCall() throws Exception {
        try (TmuxServer tmux = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("api"))).status("busy").inTmux(tmux, "api")) {
            // the caller in a session and process group of its own, as a terminal's shell is; it stays
            // there after fleet returns, so that killing its group below reaches a live group
            Path out = tmp.resolve("first.out");
            ProcessBuilder pb = new ProcessBuilder("setsid", "bash", "-c",
                    "bash \"$0\" ls >\"$1\" 2>&1; echo \"exit $?\" >>\"$1\"; exec sleep 300", launcher.script.toString(), out.toString());
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true);
            Process caller = pb.start();
            try {
                awaitTrue(() -> Files.exists(out) && Files.readString(out).contains("exit "), Duration.ofSeconds(60), "the first ls returns");
                String first = Files.readString(out);
                assertTrue(first.startsWith("NAME") && first.contains("api") && first.endsWith("exit 0\n"), first);
                long callerSid = stat(caller.pid())[3];
                assertEquals(caller.pid(), callerSid, "the caller leads its own session");

                long pid = awaitOneDaemon();
                assertStartedBy(pid, "the launcher");
                long[] st = stat(pid);
                assertNotEquals(callerSid, st[2], "the daemon's process group is not the caller's");
                assertNotEquals(callerSid, st[3], "the daemon's session is not the caller's");
                assertEquals(pid, st[3], "the daemon leads a session of its own");
                assertEquals(Path.of("/"), Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")), "no caller's directory kept busy");
                assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/0")));
                assertEquals(state.resolve("daemon.log"), Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/1")));
                assertEquals(state.resolve("daemon.log"), Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/2")));

                // the caller's terminal goes away: its whole process group is killed; the daemon stays
                Exec.Result k = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("kill", "-KILL", "--", "-" + caller.pid()), Map.of(), null);
                assertEquals(0, k.exit(), k.err());
                assertTrue(caller.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
                awaitTrue(() -> Files.readString(state.resolve("daemon.log")).contains("listening on"), Duration.ofSeconds(30), "the daemon listens");
                Thread.sleep(300);
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the daemon survived the caller's group");

                // the second call: served by that daemon over the launcher's FIFO lane (a fall back would be exit 5)
                Map<String, String> required = new HashMap<>(env);
                required.put("FLEET_DAEMON_REQUIRED", "1");
                Exec.Result ls = launcher.run(required, "ls", "--json");
                assertEquals(0, ls.exit(), ls.err());
                List<Object> agents = (List<Object>) Json.parse(ls.out());
                assertEquals(1, agents.size(), ls.out());
                assertEquals((long) api.pid(), ((Map<String, Object>) agents.get(0)).get("pid"));
                Map<String, Object> status = Json.parseObject(launcher.run(env, "daemon", "status", "--json").out());
                assertEquals(pid, status.get("pid"));
                assertEquals(Map.of("list", 1L), status.get("served_ops"));
                assertEquals(List.of(pid), daemons(), "still one daemon");
            } finally {
                caller.destroyForcibly();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void twentyConcurrentFirstCallsStartOneDaemonAndAllAnswer() throws Exception {
        try (TmuxServer tmux = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("api"))).status("waiting").inTmux(tmux, "api")) {
            int n = 20;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Exec.Result>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) calls.add(pool.submit(() -> {
                go.await();
                return launcher.run(env, "ls", "--json");
            }));
            go.countDown();
            for (Future<Exec.Result> f : calls) {
                Exec.Result r = f.get();
                assertEquals(0, r.exit(), r.err());
                List<Object> agents = (List<Object>) Json.parse(r.out());
                assertEquals(1, agents.size(), r.out());
                assertEquals("waiting", ((Map<String, Object>) agents.get(0)).get("state"));
            }
            pool.shutdown();
            long pid = awaitOneDaemon();
            assertStartedBy(pid, "the launcher");
            awaitTrue(() -> Files.readString(state.resolve("daemon.log")).contains("listening on"), Duration.ofSeconds(30), "the daemon listens");
            Thread.sleep(2000); // a second daemon started late would show by now
            assertEquals(List.of(pid), daemons());
            String log = Files.readString(state.resolve("daemon.log"));
            // one JVM started, not twenty refused by the daemon's lock
            assertEquals(1, log.lines().filter(l -> l.contains("fleet-daemon: listening on")).count(), log);
            assertFalse(log.contains("already running"), log);
        }
    }

    @Test
    void theOffSwitchesStartNoDaemonOnEitherPath() throws Exception {
        Path settings = Files.createDirectories(tmp.resolve("config/fleet")).resolve("config");
        Files.writeString(settings, "# mine\nnotify.waiting = on\n  Daemon.Autostart =  Off   # started by hand\n");
        assertEquals(0, launcher.run(env, "ls").exit());
        assertEquals(0, FleetProcess.run(env, "ls").exit()); // the JVM path without the launcher
        Files.delete(settings);
        Map<String, String> noDaemon = new HashMap<>(env);
        noDaemon.put("FLEET_NO_DAEMON", "1");
        assertEquals(0, launcher.run(noDaemon, "ls").exit());
        assertEquals(0, FleetProcess.run(noDaemon, "ls").exit());
        // neither help nor the daemon's own commands start one
        assertEquals(0, launcher.run(env, "ls", "--help").exit());
        assertEquals(1, launcher.run(env, "daemon", "status").exit());
        Thread.sleep(2000);
        assertEquals(List.of(), daemons());
        assertFalse(Files.exists(state.resolve("daemon.log")));

        // and with the switches off, the same call does start one (so the checks above could see it)
        Files.writeString(settings, "daemon.autostart = on\n");
        assertEquals(0, launcher.run(env, "ls").exit());
        awaitOneDaemon();
    }

    @Test
    void theJvmPathWithoutTheLauncherStartsOneToo() throws Exception {
        Exec.Result r = FleetProcess.run(env, "ls");
        assertEquals(0, r.exit(), r.err());
        long pid = awaitOneDaemon();
        assertStartedBy(pid, "the JVM");
        assertEquals(pid, stat(pid)[3], "the daemon leads a session of its own");
        assertEquals(state.resolve("daemon.log"), Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/1")));
        // a second call within the moment the first daemon takes to start starts none
        assertEquals(0, FleetProcess.run(env, "ls").exit());
        awaitTrue(() -> Files.readString(state.resolve("daemon.log")).contains("listening on"), Duration.ofSeconds(30), "the daemon listens");
        assertEquals(List.of(pid), daemons());
    }

    @Test
    void aStoppedDaemonIsThereAndNoSecondOneStartsBehindIt() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(env, tmp.resolve("own-daemon.log"))) {
            long pid = d.process.pid();
            assertEquals(0, Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("kill", "-STOP", Long.toString(pid)), Map.of(), null).exit());
            try {
                awaitTrue(() -> DaemonLiveness.stopped(pid), Duration.ofSeconds(5), "the daemon is stopped");
                Exec.Result viaLauncher = launcher.run(env, "ls");
                assertEquals(0, viaLauncher.exit(), viaLauncher.err());
                Exec.Result viaJvm = FleetProcess.run(env, "switch", "nobody");
                assertEquals(1, viaJvm.exit(), viaJvm.err());
                Thread.sleep(2000);
                assertEquals(List.of(pid), daemons());
                assertFalse(Files.exists(state.resolve("daemon.log")), "no daemon was started (its log would be there)");
            } finally {
                Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("kill", "-CONT", Long.toString(pid)), Map.of(), null);
            }
        }
    }

    /** Waits for the daemon: a process holds the lock and it is the one daemon process of this runtime dir. */
    private long awaitOneDaemon() throws Exception {
        Path dir = runtime.resolve("fleet");
        awaitTrue(() -> DaemonLiveness.holder(dir).isPresent(), Duration.ofSeconds(45), "a daemon holds " + DaemonLiveness.lockFile(dir));
        OptionalLong holder = DaemonLiveness.holder(dir);
        assertEquals(List.of(holder.getAsLong()), daemons(), "one daemon process, the lock's holder");
        return holder.getAsLong();
    }

    /**
     * The launcher starts the daemon through itself ({@code java … -Dfleet.launcher=1 … -jar <copy>/cli/target/fleet.jar
     * daemon run}), the JVM path with its own class path ({@code java … -cp … dev.fleet.cli.Main daemon run}).
     */
    private void assertStartedBy(long pid, String who) throws IOException {
        List<String> argv = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).split("\0"));
        boolean viaLauncher = argv.contains("-Dfleet.launcher=1") && argv.contains(launcher.script.getParent().resolve("cli/target/fleet.jar").toString());
        assertEquals(who.equals("the launcher"), viaLauncher, "started by " + who + ": " + argv);
    }

    /** The java processes running {@code daemon run} with this test's runtime dir, found in /proc. */
    private List<Long> daemons() throws IOException {
        String mark = "XDG_RUNTIME_DIR=" + runtime;
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    List<String> argv = Arrays.asList(new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
                    if (argv.size() < 3 || !argv.get(0).endsWith("java") || !argv.subList(argv.size() - 2, argv.size()).equals(List.of("daemon", "run"))) {
                        continue;
                    }
                    List<String> environ = Arrays.asList(new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8).split("\0"));
                    if (environ.contains(mark)) out.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // a process that ended while listed
                }
            }
        }
        return out;
    }

    /** Fields of /proc/pid/stat after the command name: [state, ppid, pgrp, session] as numbers (state: its char). */
    private static long[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return new long[] {f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check c, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (c.ok()) return;
            Thread.sleep(25);
        }
        assertTrue(c.ok(), "timed out waiting: " + what);
    }
}
