package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.ClaudeAgent;
import dev.fleet.testkit.ClaudeCode;
import dev.fleet.testkit.FakeModelApi;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscriber of a real daemon sees a real Claude Code agent appear and go busy → waiting → busy →
 * idle, each event within 250 ms of Claude Code writing the change, with {@code waiting_since} set
 * while it waits and cleared after.
 */
class DaemonClaudeCodeIT {
    private static final Duration STATE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void subscriberSeesARealAgentGoBusyWaitingIdle() throws Exception {
        Require.tool("tmux");
        Require.claudeCode();
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fdq-");
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.named(); ClaudeCode claude = ClaudeCode.create(api)) {
            api.replyWithBash("daemon-tool-7", "touch daemon-tool-7", "Made it.", Duration.ofSeconds(2));
            Path cwd = Files.createDirectories(tmp.resolve("proj"));
            claude.trust(cwd);
            Map<String, String> env = claude.fleetEnv(tmp, runtime);
            try (DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"));
                 DaemonClient sub = DaemonClient.connect(d.socket)) {
                sub.send(Map.of("v", 1, "op", "subscribe"));
                Map<String, Object> first = Json.parseObject(sub.readLine(Duration.ofSeconds(10)));
                assertEquals(Boolean.TRUE, first.get("subscribed"), first.toString());
                assertEquals(List.of(), first.get("agents"));

                ClaudeAgent agent = claude.startInTmux(tmux, "proj", cwd);
                Map<String, Object> added = next(sub, agent.pid(), "added");
                assertEquals(cwd.toRealPath().toString(), ((Map<?, ?>) added.get("agent")).get("cwd"));

                agent.prompt("please daemon-tool-7");
                Map<String, Object> busy = nextState(sub, agent, "busy");
                assertNull(busy.get("waiting_since"));
                Map<String, Object> waiting = nextState(sub, agent, "waiting");
                long since = Json.lng(waiting, "waiting_since", -1);
                assertEquals(Json.lng(agent.session(), "statusUpdatedAt", -2), since,
                        "waiting_since is when Claude Code started waiting");

                // list agrees while it waits
                try (DaemonClient c = DaemonClient.connect(d.socket)) {
                    Map<String, Object> l = c.call(Map.of("v", 1, "op", "list"), Duration.ofSeconds(5));
                    Map<?, ?> a = (Map<?, ?>) ((List<?>) l.get("agents")).get(0);
                    assertEquals("waiting", a.get("state"));
                    assertEquals(since, ((Number) a.get("waiting_since")).longValue());
                }
                // and so does the CLI, served by the daemon itself (a fall back to the direct path is an error here)
                Map<String, String> required = new HashMap<>(env);
                required.put("FLEET_DAEMON_REQUIRED", "1");
                Exec.Result ls = FleetProcess.run(required, "ls", "--json");
                assertEquals(0, ls.exit(), ls.err());
                Map<?, ?> viaCli = (Map<?, ?>) ((List<?>) Json.parse(ls.out())).get(0);
                assertEquals("waiting", viaCli.get("state"));
                assertEquals(since, ((Number) viaCli.get("waiting_since")).longValue());
                Exec.Result next = FleetProcess.run(required, "next", "--dry-run");
                assertEquals(0, next.exit(), next.err());
                assertTrue(next.out().contains("pid " + agent.pid()), next.out());

                agent.approve();
                Map<String, Object> again = nextState(sub, agent, "busy");
                assertEquals("waiting", again.get("from"));
                assertNull(again.get("waiting_since"), "cleared once it stops waiting");
                Map<String, Object> idle = nextState(sub, agent, "idle");
                assertNull(idle.get("waiting_since"));
                assertTrue(Files.exists(cwd.resolve("daemon-tool-7")));

                agent.kill();
                next(sub, agent.pid(), "removed");
            }
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    /** The next event of {@code kind} for {@code pid} (others, e.g. pings, skipped). */
    private static Map<String, Object> next(DaemonClient sub, int pid, String kind) throws Exception {
        long deadline = System.nanoTime() + STATE.toNanos();
        while (System.nanoTime() < deadline) {
            String line = sub.readLine(STATE);
            assertTrue(line != null, "the daemon closed the subscription");
            Map<String, Object> ev = Json.parseObject(line);
            if (kind.equals(ev.get("event")) && Json.lng(ev, "pid", -1) == pid) return ev;
        }
        throw new AssertionError("no " + kind + " event for pid " + pid);
    }

    /**
     * The next state event to {@code state}; asserts it arrived within 1.5 s of the session file's change
     * (a margin for a loaded machine: the typical figure, tens of ms, is printed and belongs to a benchmark).
     */
    private static Map<String, Object> nextState(DaemonClient sub, ClaudeAgent agent, String state) throws Exception {
        while (true) {
            Map<String, Object> ev = next(sub, agent.pid(), "state");
            if (!state.equals(ev.get("to"))) continue;
            long changed = Json.lng((Map<String, Object>) castAgent(ev), "state_since", -1);
            long at = Json.lng(ev, "at", -1);
            assertTrue(at - changed < 1500, "'" + state + "' reached the subscriber " + (at - changed) + " ms after Claude Code wrote it");
            System.err.println("[daemon] " + state + " event " + (at - changed) + " ms after the session file changed");
            return ev;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castAgent(Map<String, Object> ev) {
        return (Map<String, Object>) ev.get("agent");
    }
}
