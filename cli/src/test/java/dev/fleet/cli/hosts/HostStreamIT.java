package dev.fleet.cli.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.Ids;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.desktop.NotifyRig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daemon's one stream per host on real OpenSSH: two rigs ({@link SshRig}, hosts {@code r1} and {@code r2},
 * ten stand-in agents each) and a local agent. With the local daemon up, {@code ls --json} under
 * FLEET_DAEMON_REQUIRED=1 (the daemon served it, no fallback) lists all 21 as the remote users' own tmux
 * servers have them; a session file rewritten on r1 shows here within 2 s; r1's sshd killed by pid turns
 * r1's agents stale (r2's stay fresh, the daemon's answers stay fast); sshd back on the same port and they
 * are fresh again. Other hosts' changes in the daemon's change stream: an r2 agent starting to wait is a
 * {@code status --follow} line naming r2 within 1 s and a desktop notification naming it and r2 (a private
 * bus and dunst, {@link NotifyRig}; read back with dbus-monitor and dunstctl), closed when it stops waiting.
 * Two hosts listing each other (r1's and r2's own daemons streaming one another) echo nothing back: each sees the other's own agents only. A real Claude Code agent of r2's user, in
 * r2's tmux against a fake API: this machine's {@code ls} shows it with host r2 and its real state, and
 * waiting once it asks permission for a command.
 */
class HostStreamIT {
    private static final int PER_HOST = 10;
    private static SshRig r1, r2;
    private static StandInAgent local;
    private static Path tmp;
    private static Map<String, String> env;
    private static final Map<String, List<Integer>> remotePids = new HashMap<>();
    private static String lastError = "";
    private static NotifyRig desktop;

    @BeforeAll
    static void up() throws Exception {
        r1 = SshRig.start("r1");
        r2 = SshRig.start("r2");
        tmp = Files.createTempDirectory(Path.of("/tmp"), "fhs-");
        Path rt = Files.createDirectories(tmp.resolve("rt"));
        Files.setPosixFilePermissions(rt, PosixFilePermissions.fromString("rwx------"));
        Path config = Files.createDirectories(tmp.resolve("claude"));
        Files.createDirectories(tmp.resolve("xdg/fleet"));
        // one ssh config for both rigs, behind an ssh wrapper of this test's own
        Files.writeString(tmp.resolve("ssh_config"), r1.configBlock() + r2.configBlock());
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("ssh"), "#!/bin/sh\nexec /usr/bin/ssh -F '" + tmp.resolve("ssh_config") + "' \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("ssh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("XDG_RUNTIME_DIR", rt.toString());
        env.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
        env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        env.put("CLAUDE_CONFIG_DIR", config.toString());
        env.put("FLEET_AUTOSTART", "0");
        desktop = NotifyRig.start(); // the daemon's notifications go to this private bus's dunst
        env.putAll(desktop.env());
        local = StandInAgent.builder(config).status("busy").start();
        for (SshRig r : List.of(r1, r2)) {
            List<Integer> pids = new ArrayList<>();
            for (int i = 0; i < PER_HOST; i++) pids.add(r.remoteAgent("a" + i, i == 0 ? "busy" : "idle"));
            remotePids.put(r.alias, pids);
        }
        Files.writeString(tmp.resolve("xdg/fleet/hosts"), "r1\nr2\n");
        Exec.Result started = FleetProcess.run(env, "daemon", "start");
        assertEquals(0, started.exit(), started.err());
    }

    @AfterAll
    static void down() throws Exception {
        if (env != null) FleetProcess.run(env, "daemon", "stop");
        if (desktop != null) desktop.close();
        if (local != null) local.close();
        for (SshRig r : new SshRig[] {r1, r2}) {
            if (r == null) continue;
            try (var s = Files.list(tmp.resolve("rt/fleet"))) {
                for (Path sock : s.filter(p -> p.getFileName().toString().startsWith("ssh-")).toList()) r.control("exit", sock, r.alias);
            } catch (Exception e) {
                // no master left
            }
            r.close();
        }
        if (tmp != null) Exec.withTimeout(Duration.ofSeconds(10)).run(List.of("rm", "-rf", "--", tmp.toString()));
    }

    /** FLEET_DAEMON_REQUIRED=1: an answer the daemon did not serve is an error, not a fallback to ssh. */
    private static Map<String, String> required() {
        Map<String, String> e = new HashMap<>(env);
        e.put("FLEET_DAEMON_REQUIRED", "1");
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lsJson() {
        Exec.Result r = FleetProcess.run(required(), "ls", "--json");
        if (r.exit() != 0) {
            lastError = r.err(); // the daemon handed it back (a host on its first connection): not served
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) Json.parse(r.out())) out.add((Map<String, Object>) o);
        return out;
    }

    /** The daemon's {@code list} over its socket, timed: what every served answer reads. */
    @SuppressWarnings("unchecked")
    private static List<Object> listOverSocket(long[] ms) throws Exception {
        long t0 = System.nanoTime();
        try (DaemonClient c = DaemonClient.connect(SocketPaths.socket(env))) {
            Map<String, Object> r = c.call(Map.of("v", 1, "op", "list"), Duration.ofSeconds(5));
            ms[0] = (System.nanoTime() - t0) / 1_000_000;
            return (List<Object>) r.get("agents");
        }
    }

    private static List<Map<String, Object>> await(String what, Duration limit, Predicate<List<Map<String, Object>>> done) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        List<Map<String, Object>> last = List.of();
        while (System.nanoTime() < end) {
            List<Map<String, Object>> now = lsJson();
            if (now != null && done.test(now)) return now;
            if (now != null) last = now;
            Thread.sleep(100);
        }
        throw new AssertionError(what + " within " + limit.toMillis() + " ms; last ls --json: " + last);
    }

    private static Set<String> hostPids(List<Map<String, Object>> agents) {
        Set<String> s = new TreeSet<>();
        for (Map<String, Object> a : agents) s.add(a.get("host") + " " + a.get("pid"));
        return s;
    }

    private static boolean allOf(List<Map<String, Object>> agents, String host, Predicate<Map<String, Object>> p) {
        List<Map<String, Object>> of = agents.stream().filter(a -> host.equals(a.get("host"))).toList();
        return of.size() == PER_HOST && of.stream().allMatch(p);
    }

    private static boolean fresh(Map<String, Object> a) {
        return a.get("stale") == null;
    }

    @Test
    @org.junit.jupiter.api.Timeout(300) // first connect, a reconnect after backoff
    void theDaemonServesEveryHostFromItsStreamsAndMarksAHostWhoseSshdDiedStale() throws Exception {
        // every agent, as the remote users' own tmux servers have them
        Set<String> expected = new TreeSet<>();
        expected.add(Ids.shortHost() + " " + local.pid());
        for (SshRig r : List.of(r1, r2)) for (int pid : r.remotePanePids()) expected.add(r.alias + " " + pid);
        assertEquals(1 + 2 * PER_HOST, expected.size());
        List<Map<String, Object>> all = await("every host's agents", Duration.ofSeconds(60),
                l -> hostPids(l).equals(expected) && l.stream().allMatch(HostStreamIT::fresh));
        for (Map<String, Object> a : all) {
            if (!"r1".equals(a.get("host"))) continue;
            Path file = r1.home.resolve(".claude/sessions/" + a.get("pid") + ".json");
            assertEquals(Json.parseObject(Files.readString(file)).get("sessionId"), a.get("session_id"));
        }

        // acting on a remote agent with the daemon up: peek is served (the daemon's streams chose it), send hands over
        int onR2 = remotePids.get("r2").get(4);
        String pane = r2.paneOf(onR2)[0];
        r2.show(pane, "seen through the daemon");
        Exec.Result peek = FleetProcess.run(required(), "peek", Integer.toString(onR2));
        assertEquals(0, peek.exit(), peek.err());
        assertTrue(peek.out().contains("seen through the daemon"), peek.out());
        assertEquals(HostsIT.trimEnd(r2.capture(pane)), HostsIT.trimEnd(peek.out()));
        Exec.Result send = FleetProcess.run(env, "send", Integer.toString(onR2), "--", "-n $(id) sent");
        assertEquals(0, send.exit(), send.err());
        long sendEnd = System.nanoTime() + 5_000_000_000L;
        while (!r2.capture(pane).contains("-n $(id) sent") && System.nanoTime() < sendEnd) Thread.sleep(100);
        assertTrue(r2.capture(pane).contains("-n $(id) sent"), r2.capture(pane));
        // label: the daemon has no such agent here (no_match), so it is written on r2, and r2's stream brings it back
        Exec.Result label = FleetProcess.run(env, "label", Integer.toString(onR2), "far label");
        assertEquals(0, label.exit(), label.err());
        await("r2's label in the daemon's ls", Duration.ofSeconds(5), l -> l.stream()
                .anyMatch(a -> "r2".equals(a.get("host")) && ((Number) a.get("pid")).intValue() == onR2 && "far label".equals(a.get("label"))));

        // a state change on r1 reaches this machine within 2 s
        int pid = remotePids.get("r1").get(3);
        r1.setStatus(pid, "waiting");
        long t0 = System.nanoTime();
        await("r1's agent " + pid + " waiting", Duration.ofSeconds(2), l -> l.stream()
                .anyMatch(a -> "r1".equals(a.get("host")) && ((Number) a.get("pid")).intValue() == pid && "waiting".equals(a.get("state"))));
        System.out.println("state change seen after " + (System.nanoTime() - t0) / 1_000_000 + " ms");

        // r1 goes down: its agents turn stale, r2's stay fresh, answers stay fast
        r1.killSshd();
        long killed = System.nanoTime();
        List<Map<String, Object>> down = await("r1's agents stale", Duration.ofSeconds(15),
                l -> allOf(l, "r1", a -> Boolean.TRUE.equals(a.get("stale"))) && allOf(l, "r2", HostStreamIT::fresh));
        System.out.println("r1 stale after " + (System.nanoTime() - killed) / 1_000_000 + " ms");
        assertTrue(down.stream().filter(a -> "r1".equals(a.get("host"))).allMatch(a -> a.get("stale_reason") instanceof String),
                down.toString());
        long[] ms = new long[1];
        long worst = 0;
        for (int i = 0; i < 10; i++) {
            assertEquals(1 + 2 * PER_HOST, listOverSocket(ms).size());
            worst = Math.max(worst, ms[0]);
        }
        assertTrue(worst < 500, "the daemon's list took " + worst + " ms with r1 down");
        // acting on one of r1's agents (the daemon still pictures them): one line naming r1, exit 5
        Exec.Result peekDown = FleetProcess.run(required(), "peek", Integer.toString(remotePids.get("r1").get(2)));
        assertEquals(5, peekDown.exit(), peekDown.out() + peekDown.err());
        assertEquals(1, peekDown.err().lines().count(), peekDown.err());
        assertTrue(peekDown.err().startsWith("fleet: host r1: unreachable: "), peekDown.err());
        Exec.Result table = FleetProcess.run(required(), "ls");
        assertEquals(0, table.exit(), table.err());
        assertEquals(PER_HOST, table.out().lines().filter(l -> l.startsWith("r1? ")).count(), table.out());
        assertEquals(PER_HOST, table.out().lines().filter(l -> l.startsWith("r2 ")).count(), table.out());

        // sshd back on the same port: r1 reconnects (backoff at most 30 s and its jitter) and is fresh again
        r1.restartSshd();
        long back = System.nanoTime();
        await("r1's agents fresh again", Duration.ofSeconds(60),
                l -> hostPids(l).equals(expected) && l.stream().allMatch(HostStreamIT::fresh));
        System.out.println("r1 fresh again " + (System.nanoTime() - back) / 1_000_000 + " ms after sshd restarted; list p100 with r1 down "
                + worst + " ms");
    }

    /** {@code fleet status --follow --format json} as a bar runs it: its lines into a queue, parsed. */
    private static final class Follower implements AutoCloseable {
        final Process process;
        final LinkedBlockingQueue<Map<String, Object>> lines = new LinkedBlockingQueue<>();
        final Path err;

        Follower() throws Exception {
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), dev.fleet.cli.Main.class.getName(), "status", "--follow", "--format", "json"));
            ProcessBuilder pb = new ProcessBuilder(argv);
            Map<String, String> all = new HashMap<>(dev.fleet.testguard.TestDirs.isolatedEnv());
            all.putAll(env);
            all.forEach((k, v) -> {
                if (v == null) pb.environment().remove(k); // the isolated env's "not set"
                else pb.environment().put(k, v);
            });
            err = Files.createTempFile(tmp, "follow", ".err");
            pb.redirectError(err.toFile());
            process = pb.start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(Json.parseObject(l));
                } catch (java.io.IOException | RuntimeException e) {
                    // closed
                }
            }, "status-follow-reader");
            t.setDaemon(true);
            t.start();
        }

        /** The first line within {@code ms} that {@code p} accepts (the follower writes a line per change). */
        Map<String, Object> until(long ms, Predicate<Map<String, Object>> p) throws Exception {
            long end = System.nanoTime() + ms * 1_000_000;
            List<Map<String, Object>> seen = new ArrayList<>();
            for (long left; (left = end - System.nanoTime()) > 0; ) {
                Map<String, Object> l = lines.poll(left, TimeUnit.NANOSECONDS);
                if (l == null) break;
                if (p.test(l)) return l;
                seen.add(l);
            }
            throw new AssertionError("no such status --follow line within " + ms + " ms; saw " + seen + "; stderr: " + Files.readString(err));
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void statusFollowStartsWhileAHostIsStillOnItsFirstConnection() throws Exception {
        // "slow": its ssh hangs ~9 s in a ProxyCommand, so the daemon is that long on the host's first connection
        Path config = tmp.resolve("ssh_config");
        if (!Files.readString(config).contains("Host slow")) {
            Files.writeString(config, "Host slow\n  HostName 127.0.0.1\n  ProxyCommand sleep " + SLOW + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        Path hostsFile = tmp.resolve("xdg/fleet/hosts");
        await("r1 and r2 streaming", Duration.ofSeconds(60), l -> allOf(l, "r1", HostStreamIT::fresh) && allOf(l, "r2", HostStreamIT::fresh));
        try {
            Files.writeString(hostsFile, "r1\nr2\nslow\n");
            // the daemon answers list with "a host is still connecting" once it streams slow (its file re-read within 2 s)
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lsJson() != null && System.nanoTime() < end) Thread.sleep(100);
            assertTrue(lastError.contains("not served by the daemon"), "slow never settling: " + lastError);
            try (Follower follow = new Follower()) {
                Map<String, Object> first = follow.until(5_000, l -> l.containsKey("agents_waiting"));
                assertEquals(PER_HOST * 2L + 1, ((Number) first.get("busy")).longValue() + ((Number) first.get("idle")).longValue()
                        + ((Number) first.get("waiting")).longValue(), "every host's agents counted: " + first);
            }
        } finally {
            Files.writeString(hostsFile, "r1\nr2\n");
            // the stream's ssh is ended with slow's removal; its ProxyCommand's sleep, left to itself, ends soon after
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end && !slowSleeps().isEmpty()) Thread.sleep(200);
            slowSleeps().forEach(ProcessHandle::destroy); // still there: ours, by pid
        }
    }

    private static final String SLOW = "9.25";

    /** The ProxyCommand sleeps of host "slow" (this test's own: {@code sleep 9.25}). */
    private static List<ProcessHandle> slowSleeps() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.endsWith("sleep " + SLOW)).orElse(false)).toList();
    }

    /** The line's waiting agents on {@code host} with {@code pid}. */
    @SuppressWarnings("unchecked")
    private static boolean waitingOn(Map<String, Object> line, String host, int pid) {
        if (!(line.get("agents_waiting") instanceof List<?> w)) return false;
        return w.stream().anyMatch(o -> o instanceof Map<?, ?> m && host.equals(m.get("host")) && m.get("pid") instanceof Number n && n.intValue() == pid);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aRemoteAgentStartingToWaitIsAStatusFollowLineAndANotificationNamingItsHost() throws Exception {
        await("r2's agents fresh", Duration.ofSeconds(60), l -> allOf(l, "r2", HostStreamIT::fresh));
        int pid = remotePids.get("r2").get(6); // "a6", idle
        int notifyBefore = desktop.calls("Notify");
        int shownBefore = desktop.displayed(); // another test may have left an agent waiting (r1's a3): its own notification
        try (Follower follow = new Follower()) {
            follow.until(15_000, l -> l.containsKey("waiting")); // the first line: the picture as it is
            r2.setStatus(pid, "waiting");
            long t0 = System.nanoTime();
            Map<String, Object> line = follow.until(5_000, l -> waitingOn(l, "r2", pid));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("r2's agent waiting in status --follow after " + ms + " ms");
            assertTrue(ms <= 1_000, "status --follow saw r2's agent waiting after " + ms + " ms: " + line);

            // the notification, as the notification server received it (dbus-monitor) and shows it (dunstctl)
            assertTrue(NotifyRig.waitFor(5_000, () -> desktop.calls("Notify") > notifyBefore && desktop.displayed() == shownBefore + 1), desktop.monitor());
            assertTrue(desktop.monitor().contains("string \"a6 on r2\""), "the summary names the agent and its host: " + desktop.monitor());
            // "Show" (the server's ActionInvoked, as dunst sends it) runs the daemon's switch, which finds the agent on
            // r2: no terminal here shows r2's tmux, so that switch says so (exit 3, not_shown) rather than "no match" (1)
            List<Long> ids = desktop.returnedIds();
            desktop.signal("ActionInvoked", "uint32:" + ids.get(ids.size() - 1), "string:default");
            Path daemonLog = tmp.resolve("state/fleet/daemon.log");
            assertTrue(NotifyRig.waitFor(10_000, () -> tailOf(daemonLog).contains("notify: Show a6 on r2: switch exited 3")), tailOf(daemonLog));

            r2.setStatus(pid, "idle");
            follow.until(5_000, l -> !waitingOn(l, "r2", pid));
            assertTrue(NotifyRig.waitFor(5_000, () -> desktop.displayed() == shownBefore), "closed when it stops waiting: " + desktop.monitor());
            assertTrue(desktop.calls("CloseNotification") >= 1, desktop.monitor());
            assertTrue(desktop.history().contains("a6 on r2"), desktop.history());
        }
    }

    private static String tailOf(Path log) {
        try {
            String t = Files.readString(log);
            return t.substring(Math.max(0, t.length() - 3000));
        } catch (java.io.IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    /** {@code fleet ls --json} as {@code r}'s user, served by its own daemon; null when not served (yet). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lsOn(SshRig r) {
        try {
            String out = r.asUser("env", "FLEET_DAEMON_REQUIRED=1", r.home.resolve("bin/fleet").toString(), "ls", "--json");
            return (List<Map<String, Object>>) (List<?>) Json.parse(out);
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            return null; // its daemon still connecting to the other: handed back
        }
    }

    /** {@code from}'s user reaches {@code to} as {@code to.alias} (key, ssh_config) and its own daemon streams it. */
    private static void lists(SshRig from, SshRig to) throws Exception {
        Path ssh = from.home.resolve(".ssh");
        Files.copy(to.dir.resolve("id"), ssh.resolve("id_" + to.alias), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(ssh.resolve("config"), to.configBlock().replace(to.dir.resolve("id").toString(), ssh.resolve("id_" + to.alias).toString())
                .replace(to.dir.resolve("known_hosts").toString(), ssh.resolve("known_hosts").toString()));
        Files.createDirectories(from.home.resolve(".config/fleet"));
        Files.writeString(from.home.resolve(".config/fleet/hosts"), to.alias + "\n");
        SshRig.must("chown", "-R", from.user + ":", from.home.toString());
        SshRig.must("chmod", "600", ssh.resolve("id_" + to.alias).toString(), ssh.resolve("config").toString());
    }

    /** The pids {@code agents} has on {@code host}. */
    private static Set<Integer> pidsOn(List<Map<String, Object>> agents, String host) {
        Set<Integer> s = new TreeSet<>();
        for (Map<String, Object> a : agents) if (host.equals(a.get("host"))) s.add(((Number) a.get("pid")).intValue());
        return s;
    }

    @Test
    @org.junit.jupiter.api.Timeout(180)
    void twoHostsListingEachOtherEchoNoAgentsBack() throws Exception {
        Set<String> expected = new TreeSet<>();
        expected.add(Ids.shortHost() + " " + local.pid());
        for (SshRig r : List.of(r1, r2)) for (int pid : r.remotePanePids()) expected.add(r.alias + " " + pid);
        Path hostsFile = tmp.resolve("xdg/fleet/hosts");
        try {
            // r1 lists r2 and r2 lists r1, each from a daemon of its own (the one this machine's stream starts there
            // streams no hosts: FLEET_NO_HOSTS=1), while this machine lists both
            lists(r1, r2);
            lists(r2, r1);
            Files.writeString(hostsFile, "");
            await("r1 and r2 out of this daemon's picture", Duration.ofSeconds(10), l -> l.size() == 1);
            for (SshRig r : List.of(r1, r2)) {
                String fleet = r.home.resolve("bin/fleet").toString();
                r.asUser(fleet, "daemon", "stop");
                r.asUser(fleet, "daemon", "start");
            }
            Files.writeString(hostsFile, "r1\nr2\n");

            for (SshRig[] pair : new SshRig[][] {{r1, r2}, {r2, r1}}) {
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                List<Map<String, Object>> there = null;
                while (System.nanoTime() < end) {
                    there = lsOn(pair[0]);
                    if (there != null && pidsOn(there, pair[1].alias).size() == PER_HOST) break;
                    Thread.sleep(200);
                }
                assertTrue(there != null && pidsOn(there, pair[1].alias).size() == PER_HOST, pair[0].alias + " never streamed "
                        + pair[1].alias + ": " + there + "; " + lastError + "; its daemon log: "
                        + tailOf(pair[0].home.resolve(".local/state/fleet/daemon.log")));
            }
            await("every host's agents", Duration.ofSeconds(60), l -> hostPids(l).equals(expected) && l.stream().allMatch(HostStreamIT::fresh));
            Thread.sleep(3_000); // an echo takes a round trip through both streams: give it time to come
            assertEquals(expected, hostPids(lsJson()), "this machine's picture: its agent, r1's and r2's own, none twice");
            for (SshRig[] pair : new SshRig[][] {{r1, r2}, {r2, r1}}) {
                List<Map<String, Object>> there = lsOn(pair[0]);
                assertEquals(new TreeSet<>(pair[1].remotePanePids()), pidsOn(there, pair[1].alias),
                        pair[0].alias + "'s picture of " + pair[1].alias + ": its own agents, not " + pair[0].alias + "'s echoed: " + there);
                assertEquals(2 * PER_HOST, there.size(), pair[0].alias + ": its agents and the other's: " + there);
            }
        } finally {
            for (SshRig r : List.of(r1, r2)) Files.deleteIfExists(r.home.resolve(".config/fleet/hosts"));
            Files.writeString(hostsFile, "r1\nr2\n");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(240)
    void aRealClaudeCodeAgentOnR2IsListedHereWithItsHostAndTurnsWaitingAtItsPermissionPrompt() throws Exception {
        await("r2's agents fresh", Duration.ofSeconds(60), l -> allOf(l, "r2", HostStreamIT::fresh));
        try (dev.fleet.testkit.FakeModelApi api = dev.fleet.testkit.FakeModelApi.start()) {
            api.replyWithBash("make the marker file", "touch made-by-claude", "Made it.");
            String pane = r2.claudeAgent(api, "cc");
            try {
                Predicate<Map<String, Object>> ours = a -> "r2".equals(a.get("host")) && String.valueOf(a.get("cwd")).endsWith("/cc");
                List<Map<String, Object>> l = await("r2's Claude Code idle here", Duration.ofSeconds(30),
                        x -> x.stream().anyMatch(a -> ours.test(a) && "idle".equals(a.get("state")) && fresh(a)));
                Map<String, Object> agent = l.stream().filter(ours).findFirst().orElseThrow();
                // the same agent as r2's user's own Claude Code says it: its session file there
                Path file = r2.home.resolve(".claude/sessions/" + agent.get("pid") + ".json");
                assertEquals(Json.parseObject(Files.readString(file)).get("sessionId"), agent.get("session_id"));

                r2.type(pane, "make the marker file");
                await("r2's Claude Code waiting here", Duration.ofSeconds(60),
                        x -> x.stream().anyMatch(a -> ours.test(a) && "waiting".equals(a.get("state"))));
                // its own screen asks too (Claude Code writes its status a moment before it draws the prompt)
                assertTrue(NotifyRig.waitFor(10_000, () -> r2.capture(pane).contains("Do you want to proceed")), "its own screen asks: " + r2.capture(pane));
                assertEquals("waiting", Json.parseObject(Files.readString(file)).get("status"));
            } finally {
                r2.tmux("kill-pane", "-t", pane);
                await("r2's Claude Code gone here", Duration.ofSeconds(30), x -> x.stream().noneMatch(a -> "r2".equals(a.get("host"))
                        && String.valueOf(a.get("cwd")).endsWith("/cc")));
            }
        }
    }
}
