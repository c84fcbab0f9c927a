package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A daemon that cannot answer costs a command a moment, not a timeout: SIGSTOP, SIGKILL with a parent
 * that reaps it, and SIGKILL under a parent that does not (a zombie whose comm still reads "java").
 * Afterwards {@code ls}, {@code ls --json}, {@code switch} and {@code next} answer correctly — through
 * the launcher's lane and through the JVM client — checked against tmux's own list-clients;
 * {@code daemon status} says what it sees, {@code daemon start} replaces the daemon. The old behaviour
 * was 10 s and more per command; the bound here is generous for a loaded machine (exact numbers:
 * bench/daemon/run.sh).
 */
class DaemonFaultIT {
    private static final long MOMENT_MS = 4000;

    enum Fault { STOP, KILL_REAPED, KILL_ZOMBIE }

    @TempDir
    Path tmp;
    Path runtime;
    final List<Long> pidsToKill = new ArrayList<>();
    final List<Process> parents = new ArrayList<>();

    @AfterEach
    void clean() throws Exception {
        for (long p : pidsToKill) ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
        for (Process p : parents) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aDaemonThatCannotAnswerCostsAMomentAndIsReplaced(Fault fault) throws Exception {
        Require.tools("tmux", "mkfifo");
        runtime = Files.createTempDirectory(Path.of("/tmp"), "ffa-");
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        Map<String, String> env = LauncherCopy.userEnv(tmp, config, runtime);
        env.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString());
        LauncherCopy fleet = LauncherCopy.in(tmp.resolve("copy"), true);
        Map<String, String> required = new HashMap<>(env);
        required.put("FLEET_DAEMON_REQUIRED", "1");
        Map<String, String> jvmClient = new HashMap<>(env);
        jvmClient.put("FLEET_NO_LANE", "1");

        try (TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("api"))).status("busy").inTmux(tmux, "api");
             StandInAgent web = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("web"))).status("waiting")
                     .statusUpdatedAt(System.currentTimeMillis() - 60_000).inTmux(tmux, "web")) {
            List<String> attach = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
            attach.addAll(tmux.socketArgs());
            attach.addAll(List.of("attach", "-t", "api"));
            outer.newSession("term", tmp, attach.toArray(String[]::new));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (tmux.run("list-clients").isBlank() && System.nanoTime() < deadline) Thread.sleep(50);
            for (StandInAgent a : List.of(api, web)) tmux.waitForText(a.paneId(), a.marker(), Duration.ofSeconds(10));

            long pid = startDaemon(fault, env);
            awaitLocated(fleet, required, 2);

            // the fault
            Exec.Result k = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("kill", fault == Fault.STOP ? "-STOP" : "-KILL", Long.toString(pid)));
            assertEquals(0, k.exit(), k.err());
            if (fault == Fault.KILL_REAPED) {
                assertTrue(ProcessHandle.of(pid).map(h -> h.onExit().completeOnTimeout(h, 10, TimeUnit.SECONDS).join().isAlive()).orElse(false) == false);
            } else {
                char want = fault == Fault.STOP ? 'T' : 'Z';
                awaitState(pid, want);
                assertEquals("java", Files.readString(Path.of("/proc/" + pid + "/comm")).trim(), "comm still reads java");
            }

            // every hotkey command answers, correctly, in a moment: the lane, then the JVM client
            for (Map<String, String> e : List.of(env, jvmClient)) {
                String how = e == env ? "lane" : "JVM client";
                LauncherCopy.Timed table = fleet.timed(e, "ls");
                assertMoment(how + " ls", table);
                assertEquals(3, table.r().out().lines().count(), table.what());
                assertTrue(table.r().out().lines().skip(1).findFirst().orElse("").contains("waiting"), table.what());

                LauncherCopy.Timed json = fleet.timed(e, "ls", "--json");
                assertMoment(how + " ls --json", json);
                assertEquals(2, ((List<?>) Json.parse(json.r().out())).size(), json.what());

                LauncherCopy.Timed sw = fleet.timed(e, "switch", "web");
                assertMoment(how + " switch web", sw);
                assertEquals("web", String.join("\n", tmux.userClients("#{client_session}")), how);
                assertMoment(how + " switch api", fleet.timed(e, "switch", "api"));
                assertEquals("api", String.join("\n", tmux.userClients("#{client_session}")), how);

                LauncherCopy.Timed next = fleet.timed(e, "next");
                assertMoment(how + " next", next);
                assertEquals("web", String.join("\n", tmux.userClients("#{client_session}")), how + ": next goes to the waiting agent");
            }

            // with FLEET_DAEMON_REQUIRED=1 the same is an error, at once, with why
            LauncherCopy.Timed req = fleet.timed(required, "ls", "--json");
            assertEquals(5, req.r().exit(), req.what());
            assertTrue(req.ms() < MOMENT_MS, req.what());
            assertEquals(fault == Fault.STOP
                    ? "fleet: the daemon did not serve this request: the fleet daemon (pid " + pid + ") is stopped and cannot answer\n"
                    : "fleet: the daemon did not serve this request: no fleet daemon runs (no live daemon's FIFO in " + runtime.resolve("fleet") + ")\n",
                    req.r().err());

            LauncherCopy.Timed status = fleet.timed(env, "daemon", "status");
            assertEquals(1, status.r().exit(), status.what());
            assertTrue(status.ms() < MOMENT_MS, status.what());
            assertEquals(fault == Fault.STOP
                    ? "fleet daemon not answering (pid " + pid + ", stopped); 'fleet daemon start' replaces it (socket "
                            + runtime.resolve("fleet/fleet.sock") + ")\n"
                    : "no fleet daemon is running (socket " + runtime.resolve("fleet/fleet.sock") + ")\n", status.r().out());

            // start replaces it: a stopped one is killed, and says so; the stale FIFO and socket go
            LauncherCopy.Timed start = fleet.timed(env, "daemon", "start");
            assertEquals(0, start.r().exit(), start.what());
            long newPid = Long.parseLong(start.r().out().replaceAll("(?s).*\\(pid (\\d+),.*", "$1"));
            pidsToKill.add(newPid);
            assertNotEquals(pid, newPid);
            if (fault == Fault.STOP) {
                assertEquals("fleet: the daemon is not answering (pid " + pid + ", stopped); killing it (SIGKILL) to start a new one\n",
                        start.r().err());
            } else {
                assertEquals("", start.r().err());
            }
            try (Stream<Path> s = Files.list(runtime.resolve("fleet"))) {
                List<String> fifos = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".fifo")).toList();
                assertEquals(1, fifos.size(), fifos.toString());
                assertTrue(fifos.get(0).startsWith("fleet." + newPid + "."), fifos.toString());
            }
            awaitLocated(fleet, required, 2);
            Map<String, String> requiredJvm = new HashMap<>(required);
            requiredJvm.put("FLEET_NO_LANE", "1");
            Exec.Result viaJvm = fleet.run(requiredJvm, "switch", "api");
            assertEquals(0, viaJvm.exit(), viaJvm.err());
            assertEquals("api", String.join("\n", tmux.userClients("#{client_session}")));
            if (fault == Fault.STOP) {
                // stop, too, ends a stopped daemon (SIGTERM cannot reach it) and says so
                assertEquals(0, Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("kill", "-STOP", Long.toString(newPid))).exit());
                awaitState(newPid, 'T');
                Exec.Result stop = fleet.run(env, "daemon", "stop");
                assertEquals(0, stop.exit(), stop.err());
                assertEquals("fleet: the daemon is not answering (pid " + newPid + ", stopped); killing it (SIGKILL) to stop it\n", stop.err());
                long deadline2 = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (ProcessHandle.of(newPid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline2) Thread.sleep(20);
                assertTrue(ProcessHandle.of(newPid).map(h -> !h.isAlive()).orElse(true), "the stopped daemon is gone");
            } else {
                Exec.Result stop = fleet.run(env, "daemon", "stop");
                assertEquals(0, stop.exit(), stop.err());
            }
        }
    }

    private static void assertMoment(String what, LauncherCopy.Timed t) {
        assertEquals(0, t.r().exit(), what + ": " + t.what());
        assertTrue(t.ms() < MOMENT_MS, what + " took " + t.ms() + " ms (a daemon that cannot answer must cost a moment): " + t.what());
    }

    /** The daemon's pid; under a parent that reaps it (this JVM), or one that never does (sleep). */
    private long startDaemon(Fault fault, Map<String, String> env) throws Exception {
        if (fault != Fault.KILL_ZOMBIE) {
            DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"));
            parents.add(d.process);
            return d.process.pid();
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "\"$@\" >\"$LOG\" 2>&1 </dev/null & echo $!; exec sleep 600", "sh"));
        argv.addAll(DaemonProcess.java("daemon", "run"));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        pb.environment().put("LOG", tmp.resolve("daemon.log").toString());
        pb.redirectErrorStream(true);
        Process parent = pb.start();
        parents.add(parent);
        String first = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8)).readLine();
        long pid = Long.parseLong(first.trim());
        pidsToKill.add(pid);
        return pid;
    }

    private static void awaitLocated(LauncherCopy fleet, Map<String, String> required, int agents) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Exec.Result r = fleet.run(required, "ls", "--json");
            last = r.out() + r.err();
            if (r.exit() == 0) {
                List<?> l = (List<?>) Json.parse(r.out());
                if (l.size() == agents && l.stream().allMatch(o -> ((Map<?, ?>) o).get("tmux") != null)) return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the daemon did not serve " + agents + " located agents: " + last);
    }

    private static void awaitState(long pid, char want) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String stat = "";
        while (System.nanoTime() < deadline) {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            if (stat.charAt(stat.lastIndexOf(')') + 2) == want) return;
            Thread.sleep(20);
        }
        throw new AssertionError("pid " + pid + " not in state " + want + ": " + stat);
    }
}
