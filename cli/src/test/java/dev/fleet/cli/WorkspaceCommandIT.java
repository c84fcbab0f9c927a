package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet workspace} as a process, tmux only: --no-terminal, status, refresh, close, no terminal found, usage. */
class WorkspaceCommandIT {
    @TempDir
    Path tmp;

    private final Path aggSocket = Path.of("/tmp", "fleet-test-wscli-" + UUID.randomUUID().toString().substring(0, 8) + ".sock");

    @AfterEach
    void killAggregator() throws Exception {
        Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("tmux", "-S", aggSocket.toString(), "kill-server"));
        Files.deleteIfExists(aggSocket);
    }

    private Map<String, String> env() {
        Map<String, String> e = new HashMap<>();
        e.put("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString());
        e.put("HOME", tmp.toString());
        e.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        e.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString());
        e.put("FLEET_WORKSPACE_SOCKET", aggSocket.toString());
        e.put("FLEET_BIN", "/opt/fleet/fleet");
        e.put("TMUX", null);
        return e;
    }

    private static List<String> sessions(Path socket) {
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("tmux", "-S", socket.toString(), "list-sessions", "-F", "#{session_name}"));
        return r.ok() ? r.out().lines().sorted().toList() : List.of();
    }

    @Test
    void noTerminalOpenStatusRefreshClose() throws Exception {
        Require.tool("tmux");
        Path config = Files.createDirectories(tmp.resolve("claude"));
        try (TmuxServer s = TmuxServer.atPath();
             StandInAgent a = StandInAgent.builder(config).cwd(tmp).status("waiting").field("name", "alpha").inTmux(s, "one");
             StandInAgent b = StandInAgent.builder(config).cwd(tmp).field("name", "beta").inTmux(s, "two");
             StandInAgent loose = StandInAgent.builder(config).cwd(tmp).field("name", "loose").start()) {
            String sock = s.socketPath().toString();
            Exec.Result open = FleetProcess.run(env(), "workspace", "open", "--no-terminal", "--tmux-socket", sock);
            assertEquals(0, open.exit(), open.err());
            assertTrue(open.out().contains("workspace opened: 2 panes"), open.out());
            assertTrue(open.out().contains("attach with: tmux -S " + aggSocket + " attach-session -t =fleet-workspace"), open.out());
            assertTrue(open.err().contains("skipped loose (pid " + loose.pid() + "): not in tmux"), open.err());

            // the jump key runs fleet switch on the selected pane's agent
            String keys = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("tmux", "-S", aggSocket.toString(), "list-keys", "-T", "prefix", "Enter")).out();
            assertTrue(keys.contains("/opt/fleet/fleet switch --attach --tmux-socket #{q:@fleet_socket} #{q:@fleet_session_id}"), keys);

            Exec.Result st = FleetProcess.run(env(), "workspace", "status", "--json");
            assertEquals(0, st.exit(), st.err());
            Map<String, Object> j = Json.parseObject(st.out());
            assertEquals(Boolean.TRUE, j.get("open"));
            assertEquals(2, Json.arr(j, "panes").size());

            Exec.Result again = FleetProcess.run(env(), "workspace", "open", "--no-terminal", "--tmux-socket", sock);
            assertTrue(again.out().contains("workspace up to date: 2 panes"), again.out() + again.err());

            b.kill();
            Exec.Result r = FleetProcess.run(env(), "workspace", "refresh", "--tmux-socket", sock);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("removed beta"), r.out());

            Exec.Result close = FleetProcess.run(env(), "workspace", "close");
            assertEquals("workspace closed", close.out().strip(), close.err());
            assertEquals(List.of("one"), sessions(s.socketPath()));
            assertEquals(List.of(), sessions(aggSocket));
            assertEquals("no workspace open", FleetProcess.run(env(), "workspace", "close").out().strip());
            assertEquals("no workspace open", FleetProcess.run(env(), "workspace", "status").out().strip());
            String log = Files.readString(tmp.resolve("state/fleet/workspace-events.jsonl"));
            assertTrue(log.contains("\"event\":\"open\"") && log.contains("\"event\":\"close\""), log);
        }
    }

    @Test
    void noTerminalFoundKeepsTheSessionAndPrintsTheAttachCommand() throws Exception {
        Path tmuxBin = Require.tool("tmux");
        Path config = Files.createDirectories(tmp.resolve("claude"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("tmux"), tmuxBin);
        try (TmuxServer s = TmuxServer.atPath(); StandInAgent a = StandInAgent.builder(config).cwd(tmp).inTmux(s, "one")) {
            Map<String, String> env = env();
            env.put("PATH", bin.toString());
            Exec.Result open = FleetProcess.run(env, "workspace", "open", "--tmux-socket", s.socketPath().toString());
            assertEquals(0, open.exit(), open.err());
            assertTrue(open.err().contains("no terminal found (looked for ghostty, kitty, alacritty, foot, wezterm, xterm"), open.err());
            assertTrue(open.err().contains("attach with: tmux -S " + aggSocket), open.err());
            assertEquals(List.of("fleet-workspace"), sessions(aggSocket));
            assertEquals(0, FleetProcess.run(env, "workspace", "close").exit());
            assertEquals(List.of("one"), sessions(s.socketPath()));
        }
    }

    /**
     * A fresh machine: tmux never ran, so {@code $TMUX_TMPDIR/tmux-<uid>/} does not exist. The default
     * aggregator socket lives there; open makes the directory 0700, close leaves no dead socket that
     * {@code fleet doctor} would then warn about.
     */
    @Test
    void defaultSocketOnAFreshMachineAndNothingLeftForDoctorAfterClose() throws Exception {
        Require.tool("tmux");
        Path config = Files.createDirectories(tmp.resolve("claude"));
        Path tmuxTmpdir = Files.createDirectories(tmp.resolve("fresh"));
        Map<String, String> env = env();
        env.put("TMUX_TMPDIR", tmuxTmpdir.toString());
        env.remove("FLEET_WORKSPACE_SOCKET");
        int uid = dev.fleet.core.util.Ids.uid();
        Path dir = tmuxTmpdir.resolve("tmux-" + uid);
        Path sock = dir.resolve("fleet-workspace-" + uid);
        try (TmuxServer s = TmuxServer.atPath(); StandInAgent a = StandInAgent.builder(config).cwd(tmp).inTmux(s, "one")) {
            Exec.Result open = FleetProcess.run(env, "workspace", "open", "--no-terminal", "--tmux-socket", s.socketPath().toString());
            assertEquals(0, open.exit(), open.err());
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals(List.of("fleet-workspace"), sessions(sock));

            assertEquals("workspace closed", FleetProcess.run(env, "workspace", "close").out().strip());
            assertFalse(Files.exists(sock), "no dead socket of fleet's own server is left");
            Exec.Result doctor = FleetProcess.run(env, "doctor", "--tmux-socket", s.socketPath().toString());
            assertFalse(doctor.out().contains("fleet-workspace"), doctor.out());
            assertEquals(List.of("one"), sessions(s.socketPath()));
        } finally {
            Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("tmux", "-S", sock.toString(), "kill-server"));
        }
    }

    @Test
    void nothingToShowAndBadOptionsAreOneLineErrors() {
        Exec.Result none = FleetProcess.run(env(), "workspace", "open", "--no-terminal");
        assertEquals(1, none.exit());
        assertEquals("fleet: no agent in tmux to show", none.err().strip());
        Exec.Result layout = FleetProcess.run(env(), "workspace", "open", "--layout", "spiral");
        assertEquals(2, layout.exit());
        assertTrue(layout.err().startsWith("fleet: unknown layout 'spiral'"), layout.err());
        assertFalse(layout.err().contains("Exception"), layout.err());
    }
}
