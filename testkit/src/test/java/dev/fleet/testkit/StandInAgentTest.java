package dev.fleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentDiscovery;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandInAgentTest {
    @Test
    void paneShowsTheMarkerAndTheSessionFileMatchesThePaneProcess(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("claude");
        Path cwd = Files.createDirectories(tmp.resolve("proj"));
        try (TmuxServer tmux = TmuxServer.named()) {
            StandInAgent a = StandInAgent.builder(config).cwd(cwd).status("waiting").statusUpdatedAt(1_700_000_000_000L).inTmux(tmux, "work");
            tmux.waitForText(a.paneId(), "^" + a.marker() + "$", Duration.ofSeconds(10));
            assertEquals(Integer.toString(a.pid()), tmux.display(a.paneId(), "#{pane_pid}"), "the pane's own process is the agent");

            Map<String, Object> f = Json.parseObject(Files.readAllBytes(config.resolve("sessions/" + a.pid() + ".json")));
            assertEquals(a.pid(), Json.lng(f, "pid", -1));
            assertEquals("waiting", Json.str(f, "status"));
            assertEquals(1_700_000_000_000L, Json.lng(f, "statusUpdatedAt", 0));
            assertEquals(cwd.toString(), Json.str(f, "cwd"));
            assertEquals(SessionFiles.procStart(a.pid()), Json.str(f, "procStart"));
            assertEquals("work:" + tmux.display(a.paneId(), "#{window_id}") + "." + a.paneId(), Json.str(f, "tmux"));
            for (String key : List.of("sessionId", "startedAt", "version", "kind", "entrypoint", "messagingSocketPath", "name", "nameSource", "updatedAt")) {
                assertTrue(f.containsKey(key), "real field " + key + " is there");
            }

            a.setStatus("busy", 1_700_000_005_000L);
            Map<String, Object> g = Json.parseObject(Files.readAllBytes(a.sessionFile()));
            assertEquals("busy", Json.str(g, "status"));
            assertEquals(1_700_000_005_000L, Json.lng(g, "statusUpdatedAt", 0));
            assertEquals(Json.str(f, "sessionId"), Json.str(g, "sessionId"), "the rewrite keeps the session");
        }
    }

    @Test
    void coreDiscoversStandInsAndTellsLiveFromCrashed(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("claude");
        List<String> warnings = new ArrayList<>();
        try (StandInAgent live = StandInAgent.builder(config).cwd(tmp).status("idle").start();
             StandInAgent crashed = StandInAgent.builder(config).cwd(tmp).status("busy").start()) {
            assertNull(live.paneId());
            crashed.kill();
            assertFalse(crashed.isAlive());
            assertTrue(Files.exists(crashed.sessionFile()), "a crash leaves the session file behind");

            AgentDiscovery d = new AgentDiscovery(config, warnings::add, id -> null);
            List<Agent> agents = d.discover(ProcSnapshot.read(Path.of("/proc")), true);
            assertEquals(2, agents.size(), agents.toString());
            Agent l = agents.stream().filter(x -> x.pid() == live.pid()).findFirst().orElseThrow();
            Agent c = agents.stream().filter(x -> x.pid() == crashed.pid()).findFirst().orElseThrow();
            assertEquals(AgentState.IDLE, l.state());
            assertEquals(AgentState.DEAD, c.state());
            assertEquals(live.sessionId(), l.sessionId());
            assertTrue(warnings.isEmpty(), warnings.toString());

            live.setStatus("waiting");
            assertEquals(AgentState.WAITING, d.discover(ProcSnapshot.read(Path.of("/proc")), false).get(0).state());
        }
        assertTrue(Files.list(config.resolve("sessions")).findAny().isEmpty(), "close() removes the session files");
    }
}
