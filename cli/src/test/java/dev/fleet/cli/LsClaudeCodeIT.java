package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** End to end: real Claude Code agents in tmux panes, driven to busy, waiting and idle; {@code fleet ls --json} sees them. */
class LsClaudeCodeIT {
    private static final Duration STATE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private static Map<Long, Map<String, Object>> byPid(Exec.Result r) {
        assertEquals(0, r.exit(), r.err());
        Map<Long, Map<String, Object>> m = new HashMap<>();
        for (Object o : (List<Object>) Json.parse(r.out())) {
            Map<String, Object> a = (Map<String, Object>) o;
            m.put((Long) a.get("pid"), a);
        }
        return m;
    }

    @Test
    @SuppressWarnings("unchecked")
    void lsReportsRealAgentsStatesAndPanesAndForgetsAKilledOne() throws Exception {
        Require.tool("tmux");
        Require.claudeCode();
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.named(); ClaudeCode claude = ClaudeCode.create(api)) {
            api.replySlowly("keep-busy-41", "Working on it.", Duration.ofSeconds(90));
            api.replyWithBash("needs-ok-42", "touch needs-ok-42", "Done.");
            Path[] dirs = {Files.createDirectories(tmp.resolve("busy")), Files.createDirectories(tmp.resolve("waiting")),
                    Files.createDirectories(tmp.resolve("idle"))};
            claude.trust(dirs); // before the first start: running agents rewrite .claude.json from memory
            ClaudeAgent busy = claude.startInTmux(tmux, "busy", dirs[0]);
            ClaudeAgent waiting = claude.startInTmux(tmux, "waiting", dirs[1]);
            ClaudeAgent idle = claude.startInTmux(tmux, "idle", dirs[2]);
            busy.prompt("please keep-busy-41");
            waiting.prompt("please needs-ok-42");
            busy.awaitStatus("busy", STATE);
            waiting.awaitStatus("waiting", STATE);

            Map<String, String> env = new HashMap<>();
            env.put("CLAUDE_CONFIG_DIR", claude.configDir().toString());
            env.put("HOME", tmp.toString());
            Map<Long, Map<String, Object>> agents = byPid(FleetProcess.run(env, "ls", "--json"));
            assertEquals(3, agents.size(), agents.toString());
            for (Object[] want : new Object[][] {{busy, "busy"}, {waiting, "waiting"}, {idle, "idle"}}) {
                ClaudeAgent a = (ClaudeAgent) want[0];
                Map<String, Object> got = agents.get((long) a.pid());
                assertEquals(want[1], got.get("state"), got.toString());
                Map<String, Object> t = (Map<String, Object>) got.get("tmux");
                assertEquals(a.paneId(), t.get("pane_id"), got.toString());
                assertEquals(tmux.socketPath().toString(), t.get("socket"));
                assertEquals(a.cwd().toRealPath().toString(), got.get("cwd"));
            }

            idle.kill();
            Map<Long, Map<String, Object>> after = byPid(FleetProcess.run(env, "ls", "--json"));
            assertEquals(2, after.size(), after.toString());
            assertFalse(after.containsKey((long) idle.pid()));
            Exec.Result table = FleetProcess.run(env, "ls");
            assertTrue(table.out().lines().skip(1).findFirst().orElse("").contains("waiting"), table.out());
        }
    }
}
