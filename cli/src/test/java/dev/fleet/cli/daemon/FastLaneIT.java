package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's fast lane: with a daemon up, {@code ./fleet switch|next|ls --json} is served by the
 * script and the daemon alone, over the daemon's FIFO. The launcher runs here from a copy with no jar
 * beside it, so any fall back to the JVM path shows (it would have to build, and fails).
 */
class FastLaneIT {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void switchNextAndLsGoThroughTheFifoWithTheJvmPathsAnswers() throws Exception {
        try (LaneRig rig = LaneRig.in(tmp, "ffl-", "tmux", "mkfifo"); TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(rig.config).cwd(Files.createDirectories(tmp.resolve("api"))).status("busy").inTmux(tmux, "api");
             StandInAgent web = StandInAgent.builder(rig.config).cwd(Files.createDirectories(tmp.resolve("web"))).status("waiting")
                     .statusUpdatedAt(System.currentTimeMillis() - 60_000).inTmux(tmux, "web");
             DaemonProcess d = DaemonProcess.start(rig.env, tmp.resolve("daemon.log"))) {
            Path runtime = rig.runtime;
            Map<String, String> env = rig.env;
            Map<String, String> lane = rig.lane;
            List<String> attach = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
            attach.addAll(tmux.socketArgs());
            attach.addAll(List.of("attach", "-t", "api"));
            outer.newSession("term", tmp, attach.toArray(String[]::new));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (tmux.run("list-clients").isBlank() && System.nanoTime() < deadline) Thread.sleep(50);
            try (Stream<Path> s = Files.list(runtime.resolve("fleet"))) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().matches("fleet\\.[0-9]+\\.[0-9]+\\.fifo")), "the daemon's FIFO");
            }

            Exec.Result sw = rig.launcher(lane, "switch", "web");
            assertEquals(0, sw.exit(), sw.err());
            assertEquals("web", String.join("\n", tmux.userClients("#{client_session}")));

            Exec.Result next = rig.launcher(lane, "next", "--dry-run");
            Map<String, String> direct = new HashMap<>(env);
            direct.put("FLEET_NO_DAEMON", "1");
            Exec.Result nextDirect = FleetProcess.run(direct, "next", "--dry-run");
            assertEquals(0, next.exit(), next.err());
            assertEquals(nextDirect.out(), next.out());

            // hostile text reaches the daemon as data, and a miss answers as the direct path does
            String hostile = "\"; $(touch " + tmp.resolve("pwned") + ") \\ '`x`";
            Exec.Result miss = rig.launcher(lane, "switch", hostile);
            Exec.Result missDirect = FleetProcess.run(direct, "switch", hostile);
            assertEquals(1, miss.exit(), miss.err());
            assertEquals(missDirect.err(), miss.err());
            assertFalse(Files.exists(tmp.resolve("pwned")));

            Exec.Result table = rig.launcher(lane, "ls");
            Exec.Result tableDirect = FleetProcess.run(direct, "ls");
            assertEquals(0, table.exit(), table.err());
            assertEquals(3, table.out().lines().count(), table.out());
            assertTrue(table.out().lines().skip(1).findFirst().orElse("").contains("waiting"), table.out());
            // the same table (ages may tick between the two runs)
            assertEquals(tableDirect.out().replaceAll("[0-9]+[smhd]\\b", "N"), table.out().replaceAll("[0-9]+[smhd]\\b", "N"));

            Exec.Result ls = rig.launcher(lane, "ls", "--json");
            assertEquals(0, ls.exit(), ls.err());
            List<Object> agents = (List<Object>) Json.parse(ls.out());
            assertEquals(2, agents.size());
            assertEquals("waiting", ((Map<String, Object>) agents.get(0)).get("state"));

            // the daemon counted what it served itself (status is not counted)
            Map<String, Object> st = Json.parseObject(FleetProcess.run(env, "daemon", "status", "--json").out());
            assertEquals(Map.of("switch", 2L, "next", 1L, "table", 1L, "list", 1L), st.get("served_ops"));

            // a request naming a symlink as its reply FIFO is refused (the open would not follow it either);
            // the refusal is logged: that line is the event after which nothing more can happen
            Path outside = tmp.resolve("outside");
            Files.createSymbolicLink(runtime.resolve("fleet/reply.9.9"), outside);
            Exec.Result forged = rig.sendRaw("reply.9.9 {\"v\":1,\"op\":\"list\"}");
            assertEquals(0, forged.exit());
            long deadline2 = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!d.logText().contains("fifo: refused a request without a reply FIFO of ours") && System.nanoTime() < deadline2) Thread.sleep(20);
            assertTrue(d.logText().contains("fifo: refused a request without a reply FIFO of ours"), d.logText());
            assertFalse(Files.exists(outside, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            Files.delete(runtime.resolve("fleet/reply.9.9"));

            try (Stream<Path> s = Files.list(runtime.resolve("fleet"))) {
                // left: only the daemon's spares made ahead (reply.0.<n>), none claimed, none of a launcher's own
                List<Path> left = s.filter(p -> p.getFileName().toString().startsWith("reply.")).toList();
                assertEquals(List.of(), left.stream().filter(p -> !p.getFileName().toString().matches("reply\\.0\\.[0-9]+")).toList(),
                        "reply FIFOs removed");
                assertTrue(left.size() <= 8, "at most 8 spares: " + left);
                // the first 8 were made at start: a higher number means launchers took spares (no mkfifo of theirs)
                assertTrue(left.stream().anyMatch(p -> Long.parseLong(p.getFileName().toString().substring(8)) > 8), "spares used: " + left);
            }
            assertTrue(api.isAlive() && web.isAlive());
        }
    }

    /**
     * A new user with no Claude Code config dir yet (the first run auto-starts the daemon, the next is served):
     * the lane's `ls` says what the direct path says, on stderr, line for line; stdout is the same header.
     */
    @Test
    void aUserWithoutClaudesConfigDirHearsTheSameFromTheLaneAsFromAScan() throws Exception {
        try (LaneRig rig = LaneRig.in(tmp, "ffn-", "mkfifo")) {
            Map<String, String> env = new HashMap<>(rig.env);
            env.put("CLAUDE_CONFIG_DIR", tmp.resolve("no-claude-yet").toString());
            env.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString());
            Map<String, String> lane = new HashMap<>(rig.lane);
            lane.putAll(Map.of("CLAUDE_CONFIG_DIR", env.get("CLAUDE_CONFIG_DIR"), "TMUX_TMPDIR", env.get("TMUX_TMPDIR")));
            Map<String, String> direct = new HashMap<>(env);
            direct.put("FLEET_NO_DAEMON", "1");
            Exec.Result scan = FleetProcess.run(direct, "ls");
            assertEquals(0, scan.exit(), scan.err());
            assertTrue(scan.err().contains("no Claude Code config dir at " + env.get("CLAUDE_CONFIG_DIR")), scan.err());
            try (DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
                Exec.Result served = rig.launcher(lane, "ls");
                assertEquals(0, served.exit(), served.err());
                assertEquals(scan.out(), served.out());
                assertEquals(scan.err().lines().toList(), served.err().lines().toList());
            }
        }
    }

    @Test
    void withoutXdgRuntimeDirOrHomeTheLauncherStillRuns() throws Exception {
        Path script = LauncherCopy.in(tmp.resolve("bare"), false).script;
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        // no jar beside this copy and no project: it gets as far as trying to build, and says so
        for (String[] args : new String[][] {{"ls", "--json"}, {"switch", "x"}, {"demo"}}) {
            Exec.Result r = Exec.withTimeout(Duration.ofSeconds(120)).run(
                    List.of("env", "-u", "HOME", "-u", "XDG_RUNTIME_DIR", "-u", "XDG_CACHE_HOME", "bash", script.toString(), args[0]),
                    env, null);
            List<String> lines = r.err().lines().toList();
            assertEquals(5, r.exit(), r.err());
            assertEquals("fleet: building (first run, or the sources changed)...", lines.get(0), r.err());
            assertTrue(lines.get(1).matches("fleet: the build failed; last lines of its log \\((/[^()]+)\\):"), r.err());
            // the launcher keeps a failed build's log for the user; this test removes it
            Files.deleteIfExists(Path.of(lines.get(1).replaceAll(".*\\((/[^()]+)\\):$", "$1")));
        }
    }
}
