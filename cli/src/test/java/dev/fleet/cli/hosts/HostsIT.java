package dev.fleet.cli.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.Ids;
import dev.fleet.testkit.StandInAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fleet ls} and {@code fleet doctor} across hosts on real OpenSSH ({@link SshRig}): a local stand-in
 * agent, two on host {@code r1} (another local user behind sshd on loopback), host {@code dead} a closed port.
 * What fleet prints is checked against the remote user's own tmux and session files and against ssh's own
 * view of its master connection ({@code ssh -O check}) and sshd's log.
 */
class HostsIT {
    private static SshRig rig;
    private static StandInAgent local;
    private static Path tmp;
    private static Map<String, String> env;
    private static List<Integer> remotePids;

    @BeforeAll
    static void up() throws Exception {
        rig = SshRig.start();
        tmp = Files.createTempDirectory(Path.of("/tmp"), "fhl-");
        Path rt = Files.createDirectories(tmp.resolve("rt"));
        Files.setPosixFilePermissions(rt, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path config = Files.createDirectories(tmp.resolve("claude"));
        Files.createDirectories(tmp.resolve("xdg/fleet"));
        env = new HashMap<>();
        env.put("PATH", rig.bin + ":" + System.getenv("PATH"));
        env.put("XDG_RUNTIME_DIR", rt.toString());
        env.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
        env.put("CLAUDE_CONFIG_DIR", config.toString());
        env.put("FLEET_NO_DAEMON", "1");
        local = StandInAgent.builder(config).status("busy").start();
        remotePids = List.of(rig.remoteAgent("api", "waiting"), rig.remoteAgent("docs", "idle"));
    }

    @AfterAll
    static void down() throws Exception {
        if (local != null) local.close();
        if (rig != null) {
            Path sock = controlSocket();
            if (sock != null) rig.control("exit", sock, "r1");
            rig.close();
        }
        if (tmp != null) Exec.withTimeout(java.time.Duration.ofSeconds(10)).run(List.of("rm", "-rf", "--", tmp.toString()));
    }

    private static void hosts(String text) throws Exception {
        Files.writeString(tmp.resolve("xdg/fleet/hosts"), text);
    }

    private static Path controlSocket() throws Exception {
        Path dir = tmp.resolve("rt/fleet");
        if (!Files.isDirectory(dir)) return null;
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ssh-")).findFirst().orElse(null);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> json(Exec.Result r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) Json.parse(r.out())) out.add((Map<String, Object>) o);
        return out;
    }

    @Test
    void lsListsLocalAndRemoteAgentsEachWithItsHost() throws Exception {
        hosts("# the loopback box\nr1\n");
        Exec.Result r = FleetProcess.run(env, "ls", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        Set<String> seen = new TreeSet<>();
        for (Map<String, Object> a : json(r)) seen.add(a.get("host") + " " + a.get("pid"));
        // the remote user's own view: its tmux server's panes, and the session ids in its session files
        Set<String> expected = new TreeSet<>();
        expected.add(Ids.shortHost() + " " + local.pid());
        for (int pid : rig.remotePanePids()) expected.add("r1 " + pid);
        assertEquals(expected, seen);
        assertEquals(new TreeSet<>(remotePids), new TreeSet<>(rig.remotePanePids()));
        for (Map<String, Object> a : json(r)) {
            if (!"r1".equals(a.get("host"))) continue;
            Path file = rig.home.resolve(".claude/sessions/" + a.get("pid") + ".json");
            assertEquals(Json.parseObject(Files.readString(file)).get("sessionId"), a.get("session_id"));
            assertEquals(rig.user, a.get("user"));
        }

        Exec.Result table = FleetProcess.run(env, "ls");
        assertEquals(0, table.exit(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).startsWith("HOST"), table.out());
        assertEquals(4, lines.size(), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("r1\\s+api\\s+waiting \\S+\\s+" + remotePids.get(0) + "\\s+tmux fleet-rig:%\\d+ work.*")),
                table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches(Pattern.quote(Ids.shortHost()) + "\\s+\\S+\\s+busy.*\\s" + local.pid() + "\\s.*")),
                table.out());

        Exec.Result onlyRemote = FleetProcess.run(env, "ls", "--json", "--host", "r1");
        assertEquals(Set.of("r1"), Set.copyOf(json(onlyRemote).stream().map(a -> (String) a.get("host")).toList()), onlyRemote.err());
        Exec.Result onlyLocal = FleetProcess.run(env, "ls", "--json", "--host", "local");
        assertEquals(List.of(local.pid()), json(onlyLocal).stream().map(a -> ((Number) a.get("pid")).intValue()).toList());
    }

    @Test
    void anUnreachableHostIsOneWarningAndTheOthersStillPrint() throws Exception {
        hosts("r1\ndead\n");
        long t0 = System.nanoTime();
        Exec.Result r = FleetProcess.run(env, "ls");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.exit(), r.err());
        List<String> err = r.err().lines().toList();
        assertEquals(1, err.size(), r.err());
        assertTrue(err.get(0).startsWith("fleet: warning: host dead: unreachable: "), err.get(0));
        assertTrue(err.get(0).contains("Connection refused"), err.get(0));
        assertTrue(r.out().contains(" " + local.pid() + " "), r.out());
        assertTrue(r.out().contains(" " + remotePids.get(1) + " "), r.out());
        assertTrue(ms < 5_000 + 3_000, "took " + ms + " ms");
    }

    @Test
    void aHostThatNeverAnswersCostsTheTimeoutAndNoMore() throws Exception {
        // a port that accepts and then says nothing: ssh waits for a banner that never comes
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) held.add(silent.accept());
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Files.writeString(tmp.resolve("xdg/fleet/hosts"), "r1\nsilent\n");
            Files.writeString(rig.dir.resolve("ssh_config"), "Host silent\n  HostName 127.0.0.1\n  Port " + silent.getLocalPort()
                    + "\n" + Files.readString(rig.dir.resolve("ssh_config")));
            long t0 = System.nanoTime();
            Exec.Result r = FleetProcess.run(env, "ls");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, r.exit(), r.err());
            List<String> err = r.err().lines().toList();
            assertEquals(1, err.size(), r.err());
            assertTrue(err.get(0).startsWith("fleet: warning: host silent: unreachable: ") && err.get(0).contains("timed out"), err.get(0));
            assertTrue(r.out().contains(" " + local.pid() + " ") && r.out().contains(" " + remotePids.get(0) + " "), r.out());
            assertTrue(ms >= 4_000 && ms < 5_000 + 4_000, "took " + ms + " ms"); // ssh's 4 s, within fleet's 5 s
            // no ssh of fleet's outlived the command
            assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments().map(a -> List.of(a).contains("silent")).orElse(false)),
                    "an ssh to the silent host is still running");
            for (java.net.Socket s : held) s.close();
        }
    }

    @Test
    void hostileHostNamesAreRefusedBeforeSshRuns() throws Exception {
        Path pwned = tmp.resolve("pwned");
        for (String h : List.of("-oProxyCommand=touch " + pwned, "r1 -oProxyCommand=touch", "r1\ntouch", "$(touch " + pwned + ")")) {
            Exec.Result r = FleetProcess.run(env, "ls", "--host", h);
            assertEquals(2, r.exit(), h + ": " + r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("fleet: --host: "), r.err());
        }
        hosts("-oProxyCommand=touch_" + pwned.getFileName() + "\n");
        Exec.Result r = FleetProcess.run(env, "ls");
        assertTrue(r.err().contains("starts with '-'"), r.err());
        assertFalse(Files.exists(pwned), "ssh ran a ProxyCommand");
    }

    @Test
    void oneMasterConnectionInThePrivateRuntimeDirServesTheNextCall() throws Exception {
        hosts("r1\n");
        assertEquals(0, FleetProcess.run(env, "ls").exit());
        Path sock = controlSocket();
        assertTrue(sock != null, "no ssh control socket in " + tmp.resolve("rt/fleet"));
        int mode = (Integer) Files.getAttribute(sock.getParent(), "unix:mode");
        assertEquals(0700, mode & 0777, "runtime dir mode " + Integer.toOctalString(mode));
        Exec.Result check = rig.control("check", sock, "r1");
        assertEquals(0, check.exit(), check.err());
        Matcher m = Pattern.compile("pid=(\\d+)").matcher(check.err() + check.out());
        assertTrue(m.find(), check.err());
        String master = m.group(1);
        long logins = rig.acceptedLogins();

        Exec.Result again = FleetProcess.run(env, "ls", "--json");
        assertEquals(0, again.exit(), again.err());
        assertEquals(2, json(again).stream().filter(a -> "r1".equals(a.get("host"))).count(), again.out());
        Exec.Result check2 = rig.control("check", sock, "r1");
        assertTrue((check2.err() + check2.out()).contains("pid=" + master), check2.err());
        assertEquals(logins, rig.acceptedLogins(), "the second call logged in again instead of using the master");
    }

    @Test
    void withADaemonRunningLsStillAsksTheHosts() throws Exception {
        hosts("r1\n");
        Map<String, String> daemonEnv = new HashMap<>(env);
        daemonEnv.remove("FLEET_NO_DAEMON");
        Exec.Result started = FleetProcess.run(daemonEnv, "daemon", "start");
        assertEquals(0, started.exit(), started.err());
        try {
            // the daemon's picture is this machine's: it hands the table over, and the caller asks r1
            Exec.Result r = FleetProcess.run(daemonEnv, "ls");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("r1 ") && l.contains(" " + remotePids.get(0) + " ")), r.out());
            Exec.Result status = FleetProcess.run(daemonEnv, "daemon", "status");
            assertEquals(0, status.exit(), status.err());
        } finally {
            FleetProcess.run(daemonEnv, "daemon", "stop");
        }
    }

    @Test
    void doctorSaysEachHostIsReachableWithFleetAndItsVersion() throws Exception {
        hosts("r1\ndead\n");
        Exec.Result r = FleetProcess.run(env, "doctor");
        assertTrue(r.out().lines().anyMatch(l -> l.matches("ok\\s+hosts\\s+r1: reachable, fleet dev")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("MISSING\\s+hosts\\s+dead: unreachable: .*Connection refused.*")), r.out());
    }

    // --- acting on a remote agent: the remote user's own tmux is the witness ---

    static String trimEnd(String text) {
        return text.lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n").replaceAll("\n+$", "");
    }

    @Test
    void remotePeekIsWhatTheRemoteUsersOwnCapturePaneShows() throws Exception {
        hosts("r1\n");
        int pid = remotePids.get(0);
        String pane = rig.paneOf(pid)[0];
        rig.show(pane, "peek me from afar");
        Exec.Result r = FleetProcess.run(env, "peek", Integer.toString(pid));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("peek me from afar"), r.out());
        assertEquals(trimEnd(rig.capture(pane)), trimEnd(r.out()));
    }

    /**
     * {@code --host}: a local agent named as r1's {@code docs} wins every plain query (this machine first), so
     * {@code --host r1} is the only way to reach r1's; each outcome read from the tmux that shows the pane.
     */
    @Test
    void hostQualifiedPeekSendSwitchAndWatchActOnThatHostsAgentAloneThoughALocalOneHasTheSameName() throws Exception {
        hosts("r1\ndead\n");
        int pid = remotePids.get(1);
        String pane = rig.paneOf(pid)[0];
        Path cwd = Files.createDirectories(tmp.resolve("same-name"));
        try (dev.fleet.testkit.TmuxServer tmux = dev.fleet.testkit.TmuxServer.named();
                StandInAgent twin = StandInAgent.builder(tmp.resolve("claude")).cwd(cwd).status("idle").field("name", "docs")
                        .inTmux(tmux, "twin")) {
            tmux.waitForText(twin.paneId(), twin.marker(), java.time.Duration.ofSeconds(5));
            String mark = "remote-docs-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            rig.show(pane, mark);

            // without --host: this machine's docs, as before
            Exec.Result plain = FleetProcess.run(env, "peek", "docs");
            assertEquals(0, plain.exit(), plain.err());
            assertTrue(plain.out().contains(twin.marker()) && !plain.out().contains(mark), plain.out());

            // --host r1: r1's docs, as r1's own tmux shows it
            Exec.Result peek = FleetProcess.run(env, "peek", "--host", "r1", "docs");
            assertEquals(0, peek.exit(), peek.err());
            assertEquals(trimEnd(rig.capture(pane)), trimEnd(peek.out()));

            String text = "to r1 only " + mark;
            Exec.Result send = FleetProcess.run(env, "send", "--host", "r1", "docs", "--", text);
            assertEquals(0, send.exit(), send.out() + send.err());
            waitFor(() -> rig.captureJoined(pane).contains(text), () -> rig.captureJoined(pane));
            assertFalse(tmux.capturePane(twin.paneId()).contains(text), tmux.capturePane(twin.paneId()));

            Exec.Result sw = FleetProcess.run(env, "switch", "--json", "--host", "r1", "docs");
            assertEquals(3, sw.exit(), sw.err());
            Map<String, Object> swj = Json.parseObject(sw.out());
            assertEquals("r1", swj.get("host"), sw.out());
            assertEquals(pid, ((Number) ((Map<?, ?>) swj.get("agent")).get("pid")).intValue(), sw.out());

            Exec.Result watch = FleetProcess.run(env, "watch", "--json", "--host", "r1", "docs");
            assertEquals(0, watch.exit(), watch.err());
            Map<String, Object> wj = Json.parseObject(watch.out());
            assertEquals("r1", wj.get("host"), watch.out());
            assertEquals(pid, ((Number) ((Map<?, ?>) wj.get("agent")).get("pid")).intValue(), watch.out());

            // label --host r1: r1's agent named there (its label in r1's own listing), the local twin untouched
            Exec.Result label = FleetProcess.run(env, "label", "--host", "r1", "docs", "--", "far docs");
            assertEquals(0, label.exit(), label.out() + label.err());
            Exec.Result r1Ls = FleetProcess.run(env, "ls", "--json", "--host", "r1");
            assertEquals("far docs", json(r1Ls).stream().filter(m -> ((Number) m.get("pid")).intValue() == pid).findFirst().orElseThrow()
                    .get("label"), r1Ls.out());
            Exec.Result twinLs = FleetProcess.run(env, "ls", "--json", "--host", "local");
            assertFalse(twinLs.out().contains("far docs"), twinLs.out());
            assertEquals(0, FleetProcess.run(env, "label", "--host", "r1", Integer.toString(pid), "--clear").exit());

            // each side's pid is matched on its own side only
            Exec.Result localOnly = FleetProcess.run(env, "peek", "--host", "local", Integer.toString(pid));
            assertEquals(1, localOnly.exit(), localOnly.out() + localOnly.err());
            Exec.Result byName = FleetProcess.run(env, "peek", "--host", Ids.shortHost(), "docs");
            assertEquals(0, byName.exit(), byName.err());
            assertTrue(byName.out().contains(twin.marker()), byName.out());
            Exec.Result remoteOnly = FleetProcess.run(env, "peek", "--host", "r1", Integer.toString(twin.pid()));
            assertEquals(1, remoteOnly.exit(), remoteOnly.out() + remoteOnly.err());
            assertEquals(List.of("fleet: no agent matches '" + twin.pid() + "' on host r1"), remoteOnly.err().lines().toList());

            // a host the hosts file does not name: one line naming those it does, exit 2
            Exec.Result unknown = FleetProcess.run(env, "send", "--host", "r9", "docs", "hi");
            assertEquals(2, unknown.exit(), unknown.err());
            assertEquals(1, unknown.err().lines().count(), unknown.err());
            assertTrue(unknown.err().contains("r9") && unknown.err().contains("hosts: r1, dead"), unknown.err());

            // a host that is down: the one-line "host dead: …" error, exit 5
            Exec.Result down = FleetProcess.run(env, "peek", "--host", "dead", "docs");
            assertEquals(5, down.exit(), down.err());
            assertEquals(1, down.err().lines().count(), down.err());
            assertTrue(down.err().startsWith("fleet: host dead: unreachable"), down.err());
            Exec.Result labelDown = FleetProcess.run(env, "label", "--host", "dead", "docs", "x");
            assertEquals(5, labelDown.exit(), labelDown.err());
            assertEquals(down.err(), labelDown.err(), "label says what peek says of a host that is down");
        }
    }

    @Test
    void remoteSendArrivesWholeAsOneWordAndRunsNothingOnEitherSide() throws Exception {
        hosts("r1\n");
        int pid = remotePids.get(1);
        String pane = rig.paneOf(pid)[0];
        Path here = tmp.resolve("pwned-here");
        String text = "-leading dash 'single' \"double\"\nline two $(touch pwned) `touch " + here + "`\n; touch " + here + " && end";
        Exec.Result r = FleetProcess.run(env, "send", Integer.toString(pid), "--", text);
        assertEquals(0, r.exit(), r.out() + r.err());
        long end = System.nanoTime() + 5_000_000_000L;
        // -J: lines the pane's width wrapped come back whole (a client of another size may have resized it)
        String shown = rig.captureJoined(pane);
        while (!shown.contains("&& end") && System.nanoTime() < end) {
            Thread.sleep(100);
            shown = rig.captureJoined(pane);
        }
        // the remote pane's tty echoes what was typed: the three lines, in order, each whole
        List<String> lines = trimEnd(shown).lines().map(String::stripTrailing).toList();
        int at = lines.indexOf("-leading dash 'single' \"double\"");
        assertTrue(at >= 0, shown);
        assertEquals("line two $(touch pwned) `touch " + here + "`", lines.get(at + 1), shown);
        assertEquals("; touch " + here + " && end", lines.get(at + 2), shown);
        for (Path p : List.of(here, rig.home.resolve("pwned"), Path.of("pwned"), tmp.resolve("pwned"))) {
            assertFalse(Files.exists(p), p + " exists: a shell ran the text");
        }
    }

    @Test
    void aRemoteLabelShowsInTheNextLs() throws Exception {
        hosts("r1\n");
        int pid = remotePids.get(1);
        try {
            Exec.Result r = FleetProcess.run(env, "label", Integer.toString(pid), "--", "-far 'away' $(x)");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("labelled pid " + pid + " "), r.out());
            Exec.Result ls = FleetProcess.run(env, "ls", "--json", "--host", "r1");
            Map<String, Object> a = json(ls).stream().filter(m -> ((Number) m.get("pid")).intValue() == pid).findFirst().orElseThrow();
            assertEquals("-far 'away' $(x)", a.get("label"), ls.out());
            // and the remote user's own fleet says so too
            assertTrue(rig.asUser(rig.home.resolve("bin/fleet").toString(), "ls", "--json").contains("-far 'away' $(x)"));
        } finally {
            FleetProcess.run(env, "label", Integer.toString(pid), "--clear");
        }
    }

    @Test
    void switchToARemoteAgentExits3WithAnSshCommandThatAttaches() throws Exception {
        hosts("r1\n");
        int pid = remotePids.get(1);
        String[] loc = rig.paneOf(pid);
        String uid = rig.asUser("id", "-u").strip();
        List<String> expected = List.of("ssh", "-t", "--", "r1",
                "'tmux' '-S' '/tmp/tmux-" + uid + "/fleet-rig' 'attach' '-t' '=" + loc[2] + ":" + loc[1] + "." + loc[0] + "'");
        Exec.Result js = FleetProcess.run(env, "switch", "--json", Integer.toString(pid));
        assertEquals(3, js.exit(), js.err());
        assertEquals(expected, Json.parseObject(js.out()).get("attach"), js.out());

        Exec.Result r = FleetProcess.run(env, "switch", Integer.toString(pid));
        assertEquals(3, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        String marker = "attach with: ";
        assertTrue(r.err().startsWith("fleet: host r1: ") && r.err().contains(marker), r.err());
        String cmd = r.err().strip().substring(r.err().strip().indexOf(marker) + marker.length());
        assertEquals(dev.fleet.core.exec.Shell.join(expected), cmd);

        // run as printed, in a terminal (a local tmux pane): the remote user's tmux gains a client on that very pane
        String sock = "r14-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Exec.Result opened = Exec.withTimeout(java.time.Duration.ofSeconds(10)).run(List.of("tmux", "-L", sock, "new-session", "-d",
                "-x", "100", "-y", "30", "PATH='" + rig.bin + "':\"$PATH\" exec " + cmd));
        assertEquals(0, opened.exit(), opened.err());
        try {
            long end = System.nanoTime() + 10_000_000_000L;
            String clients = "";
            while (System.nanoTime() < end) {
                clients = rig.tmux("list-clients", "-F", "#{pane_id}");
                if (clients.lines().anyMatch(l -> l.equals(loc[0]))) break;
                Thread.sleep(100);
            }
            assertTrue(clients.lines().anyMatch(l -> l.equals(loc[0])), "remote clients: " + clients);
        } finally {
            Exec.withTimeout(java.time.Duration.ofSeconds(10)).run(List.of("tmux", "-L", sock, "kill-server"));
        }
    }

    @Test
    void nextTakesTheRemoteAgentThatHasWaitedLongest() throws Exception {
        hosts("r1\n");
        Exec.Result r = FleetProcess.run(env, "next", "--json");
        assertEquals(3, r.exit(), r.out() + r.err());
        Map<String, Object> m = Json.parseObject(r.out());
        assertEquals("r1", m.get("host"));
        assertEquals(remotePids.get(0), ((Number) ((Map<?, ?>) m.get("agent")).get("pid")).intValue());
    }

    @Test
    void aQueryNoReachableAgentMatchesWithAHostDownIsOneLineAndExit5() throws Exception {
        hosts("r1\ndead\n");
        for (List<String> cmd : List.of(List.of("peek", "zz-no-such-agent"), List.of("send", "zz-no-such-agent", "hi"),
                List.of("switch", "zz-no-such-agent"), List.of("label", "zz-no-such-agent", "x"))) {
            Exec.Result r = FleetProcess.run(env, cmd.toArray(String[]::new));
            assertEquals(5, r.exit(), cmd + ": " + r.out() + r.err());
            List<String> err = r.err().lines().toList();
            assertEquals(1, err.size(), cmd + ": " + r.err());
            assertTrue(err.get(0).contains("host dead: unreachable: ") && err.get(0).contains("zz-no-such-agent"), err.get(0));
        }
    }

    @Test
    void switchAttachOpensALocalTerminalWhoseSshAttachesToTheRemotePane() throws Exception {
        dev.fleet.testkit.Require.tools("kitty", "Xvfb", "i3");
        hosts("r1\n");
        int pid = remotePids.get(0);
        String pane = rig.paneOf(pid)[0];
        // r1's daemon up, as a local daemon's stream leaves it (its picture's tmux clients are as of its last
        // scan: the check once read them through r1's fleet ls and failed whenever this ran after such a test)
        rig.asUser("sh", "-c", "PATH=$HOME/bin:$PATH; FLEET_AUTOSTART=0 fleet daemon start >/dev/null");
        try (dev.fleet.testkit.desktop.Desktop desk = dev.fleet.testkit.desktop.Desktop.start()) {
            Map<String, String> e = new HashMap<>(env);
            e.putAll(desk.env());
            e.put("XDG_STATE_HOME", tmp.resolve("state").toString());
            e.put("LIBGL_ALWAYS_SOFTWARE", "1");
            e.put("KITTY_CONFIG_DIRECTORY", tmp.resolve("no-kitty-config").toString());
            long logins = rig.acceptedLogins();
            Exec.Result r = FleetProcess.run(e, "switch", "--attach", "-v", Integer.toString(pid));
            assertEquals(0, r.exit(), () -> r.out() + r.err() + attachDiagnosis(logins));
            // the remote user's own tmux has a client on that very pane; the new local window is in front
            assertTrue(rig.tmux("list-clients", "-F", "#{pane_id}").lines().anyMatch(pane::equals),
                    () -> attachDiagnosis(logins));
            Map<String, Object> focused = dev.fleet.testkit.desktop.Trees.focused(desk.tree());
            assertTrue(Json.str(focused, "name").startsWith("fleet: "), "the new terminal is in front: " + focused);
        }
    }

    @Test
    void switchToARemoteAgentALocalTerminalShowsFocusesThatTerminalAndSwitchesItsRemoteClient() throws Exception {
        dev.fleet.testkit.Require.tools("kitty", "Xvfb", "i3");
        hosts("r1\n");
        String[] api = rig.paneOf(remotePids.get(0)), docs = rig.paneOf(remotePids.get(1));
        try (dev.fleet.testkit.desktop.Desktop desk = dev.fleet.testkit.desktop.Desktop.start()) {
            // the user's own terminal: kitty running ssh to r1, attached to r1's tmux on the docs window
            Set<String> earlier = remoteClients().keySet();
            desk.startKitty("r14-ssh-r1", List.of(), List.of(rig.bin.resolve("ssh").toString(), "-t", "r1",
                    "tmux", "-L", "fleet-rig", "attach", "-t", "=work:" + docs[1]));
            String tty = null;
            for (long end = System.nanoTime() + 15_000_000_000L; tty == null && System.nanoTime() < end; Thread.sleep(100)) {
                for (Map.Entry<String, String> c : remoteClients().entrySet()) {
                    if (!earlier.contains(c.getKey()) && c.getValue().equals(docs[0])) tty = c.getKey();
                }
            }
            assertTrue(tty != null, "r1's tmux shows the docs pane to the local kitty's ssh: " + remoteClients());
            // another window in front, on another workspace, so focus has to move there and back (and the ssh's
            // kitty keeps the whole screen: a narrower client would leave r1's windows narrow for the other tests)
            desk.command("workspace 2");
            desk.startKitty("r14-other", List.of(), List.of());
            assertEquals("r14-other", Json.str(dev.fleet.testkit.desktop.Trees.focused(desk.tree()), "name"));

            Map<String, String> e = new HashMap<>(env);
            e.putAll(desk.env());
            e.put("XDG_STATE_HOME", tmp.resolve("state").toString());
            Exec.Result r = FleetProcess.run(e, "switch", "-v", Integer.toString(remotePids.get(0)));
            assertEquals(0, r.exit(), () -> r.out() + r.err() + "\nr1's own clients: " + remoteClients());
            // r1's own tmux: that very client (no new terminal, no new ssh session) now shows the api pane
            Map<String, String> after = remoteClients();
            String ours = tty;
            assertEquals(api[0], after.get(ours), after + "\n" + r.err());
            assertTrue(after.keySet().stream().allMatch(t -> t.equals(ours) || earlier.contains(t)), after + "\n" + r.err());
            // i3's own tree: the kitty running that ssh is in front
            assertEquals("r14-ssh-r1", Json.str(dev.fleet.testkit.desktop.Trees.focused(desk.tree()), "name"), r.err());
        }
    }

    @Test
    void remoteWatchPlanIsTheHostsTmuxArgvQuotedOnceBehindSshOverTheSharedMaster() throws Exception {
        hosts("r1\n");
        int pid = remotePids.get(0);
        Exec.Result r = FleetProcess.run(env, "watch", "--json", Integer.toString(pid));
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> m = Json.parseObject(r.out());
        assertEquals("r1", m.get("host"));
        assertEquals(pid, ((Number) ((Map<?, ?>) m.get("agent")).get("pid")).intValue());
        @SuppressWarnings("unchecked") List<String> remote = (List<String>) m.get("remote_argv");
        @SuppressWarnings("unchecked") List<String> argv = (List<String>) m.get("argv");
        assertEquals("tmux", remote.get(remote.indexOf("tmux")), remote.toString());
        assertEquals(List.of("ssh", "-t"), argv.subList(0, 2), argv.toString());
        assertTrue(argv.stream().anyMatch(w -> w.startsWith("ControlPath=" + tmp.resolve("rt/fleet"))), argv.toString());
        assertEquals(List.of("--", "r1", dev.fleet.hosts.RemoteShell.quote(remote)), argv.subList(argv.size() - 3, argv.size()));
        // planning made nothing on r1 (the session is made when the viewer runs)
        assertFalse(rig.tmux("list-sessions", "-F", "#{session_name}").contains("fleet-watch-"));
    }

    @Test
    void remoteWatchShowsTheRemotePaneDropsTypedKeysAndDetachingLeavesNothingOnTheHost() throws Exception {
        hosts("r1\n");
        int pid = remotePids.get(1);
        String pane = rig.paneOf(pid)[0];
        // the line ended, so a later test's text typed there starts a line of its own
        rig.type(pane, "watch me from afar");
        String clientsBefore = rig.tmux("list-clients", "-F", "#{client_tty}");
        String sock = "r14w-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Exec tmux = Exec.withTimeout(java.time.Duration.ofSeconds(10));
        Exec.Result opened = tmux.run(List.of("tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40",
                "sh " + fleetScript("watch", Integer.toString(pid))));
        assertEquals(0, opened.exit(), opened.err());
        try {
            String local = "";
            for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
                local = tmux.run(List.of("tmux", "-L", sock, "capture-pane", "-p", "-t", "%0")).out();
                if (local.contains("watch me from afar")) break;
            }
            assertTrue(local.contains("watch me from afar"), "the local viewer shows r1's pane: " + local);
            // r1's own tmux: one read-only client on a fleet-watch- session
            String viewers = rig.tmux("list-clients", "-F", "#{client_flags} #{session_name}");
            assertTrue(viewers.lines().anyMatch(l -> l.contains("read-only") && l.contains(" fleet-watch-")), viewers);
            // keys typed into the local viewer never reach r1's agent (its pane echoes whatever reaches it)
            tmux.run(List.of("tmux", "-L", sock, "send-keys", "-t", "%0", "-l", "typed-in-the-viewer"));
            tmux.run(List.of("tmux", "-L", sock, "send-keys", "-t", "%0", "Enter"));
            Thread.sleep(700);
            assertFalse(rig.captureJoined(pane).contains("typed-in-the-viewer"), rig.captureJoined(pane));
            // detach (prefix, d) in the viewer: the ssh ends, and r1 keeps no session, client or hook of it
            tmux.run(List.of("tmux", "-L", sock, "send-keys", "-t", "%0", "C-b", "d"));
            String sessions = "";
            for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
                sessions = rig.tmux("list-sessions", "-F", "#{session_name}");
                if (!sessions.contains("fleet-watch-") && !tmux.run(List.of("tmux", "-L", sock, "has-session")).ok()) break;
            }
            assertFalse(sessions.contains("fleet-watch-"), sessions);
            assertFalse(tmux.run(List.of("tmux", "-L", sock, "has-session")).ok(), "the local viewer ended");
            assertEquals(clientsBefore, rig.tmux("list-clients", "-F", "#{client_tty}"));
            assertFalse(rig.tmux("show-hooks", "-g").contains("fleet-watch-"));
        } finally {
            tmux.run(List.of("tmux", "-L", sock, "kill-server"));
        }
    }

    @Test
    void workspaceWithOneLocalAndTwoRemoteAgentsShowsEachAndAHostDownAsATileAndClosingLeavesNothingOnTheHost() throws Exception {
        hosts("r1\ndead\n");
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Map<String, String> e = new HashMap<>(env);
        e.put("FLEET_WORKSPACE_SOCKET", ws.resolve("agg").toString());
        e.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        Map<String, String> markers = new HashMap<>();
        for (int pid : remotePids) {
            String pane = rig.paneOf(pid)[0];
            String marker = "tile-" + pid + "-" + java.util.UUID.randomUUID().toString().substring(0, 6);
            rig.type(pane, marker);
            markers.put(pane, marker);
        }
        String clientsBefore = rig.tmux("list-clients", "-F", "#{client_tty}");
        Exec tmux = Exec.withTimeout(java.time.Duration.ofSeconds(10));
        try (dev.fleet.testkit.TmuxServer here = dev.fleet.testkit.TmuxServer.named();
                StandInAgent mine = StandInAgent.builder(tmp.resolve("claude")).cwd(tmp).field("name", "mine").inTmux(here, "mine")) {
            Exec.Result r = FleetProcess.run(e, "workspace", "open", "--no-terminal");
            try {
                assertEquals(0, r.exit(), r.out() + r.err());
                // fleet's own aggregator server, read with tmux: 4 tiles, 3 agents and the host that is down
                Map<String, String> tiles = new HashMap<>(); // the tile's static title -> its pane
                for (String l : tmux.run(List.of("tmux", "-S", ws.resolve("agg").toString(), "list-panes", "-t", "=fleet-workspace:",
                        "-F", "#{pane_id} #{@fleet_title}")).out().split("\n")) {
                    String[] f = l.split(" ", 2);
                    if (f.length == 2) tiles.put(f[1], f[0]);
                }
                assertEquals(4, tiles.size(), tiles + "\n" + r.out() + r.err());
                assertTrue(tiles.keySet().stream().anyMatch(t -> t.startsWith("mine")), tiles.toString());
                String down = tiles.entrySet().stream().filter(t -> t.getKey().startsWith("host dead")).map(Map.Entry::getValue)
                        .findFirst().orElseThrow(() -> new AssertionError("no tile for host dead: " + tiles));
                waitFor(() -> capture(ws, down).contains("unreachable"), () -> capture(ws, down));
                for (Map.Entry<String, String> m : markers.entrySet()) {
                    String tile = tiles.entrySet().stream().filter(t -> t.getKey().contains("@r1")
                            && capture(ws, t.getValue()).contains(m.getValue())).map(Map.Entry::getValue).findFirst().orElse(null);
                    if (tile == null) {
                        waitFor(() -> tiles.values().stream().anyMatch(p -> capture(ws, p).contains(m.getValue())), () -> tilesText(ws, tiles));
                        tile = tiles.values().stream().filter(p -> capture(ws, p).contains(m.getValue())).findFirst().orElseThrow();
                    }
                    // the tile's text is r1's own capture of that pane (every line r1 shows, in the tile)
                    String shown = capture(ws, tile);
                    for (String line : trimEnd(rig.capture(m.getKey())).lines().map(String::strip).filter(x -> !x.isEmpty()).toList()) {
                        assertTrue(shown.contains(line), "tile " + tile + " lacks r1's line '" + line + "':\n" + shown);
                    }
                }
                String viewers = rig.tmux("list-clients", "-F", "#{client_flags} #{session_name}");
                assertEquals(2, viewers.lines().filter(l -> l.contains("read-only") && l.contains(" fleet-watch-")).count(), viewers);
                // a refresh finds every tile as it was: none respawned, r1 still has the same two viewers
                Exec.Result again = FleetProcess.run(e, "workspace", "refresh");
                assertEquals(0, again.exit(), again.out() + again.err());
                assertTrue(again.out().contains("workspace up to date: 4 panes"), again.out() + again.err());
                assertEquals(viewers, rig.tmux("list-clients", "-F", "#{client_flags} #{session_name}"));
            } finally {
                Exec.Result c = FleetProcess.run(e, "workspace", "close");
                assertEquals(0, c.exit(), c.out() + c.err());
            }
            // r1 keeps no viewer session or client
            String[] after = {""};
            waitFor(() -> !(after[0] = rig.tmux("list-sessions", "-F", "#{session_name}")).contains("fleet-watch-"),
                    () -> after[0]);
            waitFor(() -> clientsBefore.equals(rig.tmux("list-clients", "-F", "#{client_tty}")),
                    () -> rig.tmux("list-clients"));
        }
    }

    private static String capture(Path ws, String pane) {
        return Exec.withTimeout(java.time.Duration.ofSeconds(10)).run(List.of("tmux", "-S", ws.resolve("agg").toString(), "capture-pane", "-p",
                "-t", pane)).out();
    }

    private static String tilesText(Path ws, Map<String, String> tiles) {
        StringBuilder b = new StringBuilder();
        tiles.forEach((t, p) -> b.append("--- ").append(t).append(" ").append(p).append(":\n").append(capture(ws, p)));
        return b.toString();
    }

    private static void waitFor(java.util.function.BooleanSupplier ok, java.util.function.Supplier<String> why) throws InterruptedException {
        for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
            if (ok.getAsBoolean()) return;
        }
        assertTrue(ok.getAsBoolean(), why);
    }

    @Test
    void remoteWatchWindowOpensALocalTerminalWhoseSshIsAReadOnlyClientOnTheHost() throws Exception {
        dev.fleet.testkit.Require.tools("kitty", "Xvfb", "i3");
        hosts("r1\n");
        int pid = remotePids.get(0);
        String pane = rig.paneOf(pid)[0];
        try (dev.fleet.testkit.desktop.Desktop desk = dev.fleet.testkit.desktop.Desktop.start()) {
            Map<String, String> e = new HashMap<>(env);
            e.putAll(desk.env());
            e.put("XDG_STATE_HOME", tmp.resolve("state").toString());
            e.put("LIBGL_ALWAYS_SOFTWARE", "1");
            e.put("KITTY_CONFIG_DIRECTORY", tmp.resolve("no-kitty-config").toString());
            Exec.Result r = FleetProcess.run(e, "watch", "--window", Integer.toString(pid));
            assertEquals(0, r.exit(), r.out() + r.err());
            // r1's own tmux: a read-only client on a fleet-watch- session showing the agent's pane
            String[] clients = {""};
            waitFor(() -> (clients[0] = rig.tmux("list-clients", "-F", "#{client_flags} #{session_name} #{pane_id}"))
                    .lines().anyMatch(l -> l.contains("read-only") && l.contains(" fleet-watch-") && l.endsWith(" " + pane)), () -> clients[0]);
            assertTrue(Json.str(dev.fleet.testkit.desktop.Trees.focused(desk.tree()), "name").startsWith("fleet watch: "), desk.tree().toString());
        }
        // the desktop (its kitty, the ssh in it) is gone: so is the viewer's session on r1
        String[] sessions = {""};
        waitFor(() -> !(sessions[0] = rig.tmux("list-sessions", "-F", "#{session_name}")).contains("fleet-watch-"),
                () -> sessions[0]);
    }

    /** A script that runs this build's fleet with the test's environment (as FleetProcess does), for a terminal to run. */
    private static Path fleetScript(String... args) throws Exception {
        Map<String, String> all = new HashMap<>(dev.fleet.testguard.TestDirs.isolatedEnv());
        all.putAll(env);
        List<String> argv = new ArrayList<>(List.of("env", "-i", "TERM=tmux-256color"));
        all.forEach((k, v) -> {
            if (v != null) argv.add(k + "=" + v);
        });
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                dev.fleet.cli.Main.class.getName()));
        argv.addAll(List.of(args));
        Path script = Files.createTempFile(tmp, "fleet-", ".sh");
        Files.writeString(script, "exec " + dev.fleet.core.exec.Shell.join(argv) + "\n");
        return script;
    }

    /** Each client of r1's tmux (its tty) and the pane it shows, as r1's user sees it. */
    private static Map<String, String> remoteClients() {
        Map<String, String> m = new HashMap<>();
        for (String l : rig.tmux("list-clients", "-F", "#{client_tty} #{pane_id}").split("\n")) {
            String[] f = l.strip().split(" ");
            if (f.length == 2) m.put(f[0], f[1]);
        }
        return m;
    }

    /**
     * Why a remote attach did not show: the logins sshd accepted meanwhile and what it logged, the opened terminal's
     * log, the remote user's own clients, and the processes under the local terminals (is the ssh still there?).
     */
    private static String attachDiagnosis(long loginsBefore) {
        StringBuilder b = new StringBuilder("\n--- diagnosis ---\n");
        try {
            b.append("sshd accepted logins meanwhile: ").append(rig.acceptedLogins() - loginsBefore).append('\n');
            List<String> log = Files.readAllLines(rig.sshdLog);
            b.append("sshd log (tail):\n").append(String.join("\n", log.subList(Math.max(0, log.size() - 15), log.size()))).append('\n');
        } catch (Exception x) {
            b.append("sshd log: ").append(x).append('\n');
        }
        try (var files = Files.walk(tmp.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log")).toList()) {
                b.append(f).append(":\n").append(Files.readString(f)).append('\n');
            }
        } catch (Exception x) {
            b.append("terminal log: ").append(x).append('\n');
        }
        try {
            b.append("remote list-clients: ").append(rig.tmux("list-clients", "-F",
                    "#{client_pid} #{client_tty} #{client_termname} #{session_name} #{pane_id}")).append('\n');
        } catch (RuntimeException x) {
            b.append("remote list-clients: ").append(x.getMessage()).append('\n');
        }
        b.append(Exec.withTimeout(java.time.Duration.ofSeconds(5)).run(List.of("ps", "-e", "-o", "pid,ppid,user,etime,args", "--forest"))
                .out().lines().filter(l -> l.contains("kitty") || l.contains("ssh") || l.contains("tmux")).reduce("", (x, y) -> x + y + "\n"));
        return b.toString();
    }
}
