package dev.fleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness against the real Claude Code 2.1.330: its session file's {@code status} follows what
 * the fake API makes it do. Timeouts are generous: 2 shared cores, and CI runs these.
 */
class ClaudeCodeHarnessTest {
    private static final Duration STATE = Duration.ofSeconds(45);

    @BeforeAll
    static void tools() {
        Require.tool("tmux");
        Require.claudeCode();
    }

    @Test
    void slowReplyKeepsTheAgentBusyThenIdle(@TempDir Path tmp) throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("api"));
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.named(); ClaudeCode claude = ClaudeCode.create(api)) {
            api.replySlowly("count-slowly-7", "Counting, slowly: one, two, three.", Duration.ofSeconds(8));
            ClaudeAgent agent = claude.startInTmux(tmux, "slow", cwd);

            Map<String, Object> s = agent.session();
            assertEquals("idle", Json.str(s, "status"), "a fresh agent is idle");
            assertEquals(agent.pid(), Json.lng(s, "pid", -1));
            assertEquals(SessionFiles.procStart(agent.pid()), Json.str(s, "procStart"));
            assertEquals(cwd.toRealPath().toString(), Json.str(s, "cwd"));
            assertTrue(ProcessHandle.of(agent.pid()).isPresent(), "the session file names a live process");
            long idleAt = Json.lng(s, "statusUpdatedAt", 0);

            agent.prompt("please count-slowly-7");
            long busyAt = Json.lng(agent.awaitStatus("busy", STATE), "statusUpdatedAt", 0);
            assertTrue(busyAt > idleAt, "statusUpdatedAt moves on each change");
            // the reply holds its stream open for 8 s: the next status is idle, at least 5 s later (a
            // flicker to idle in between would end the wait early and fail the span below)
            long idleAgain = Json.lng(agent.awaitStatus("idle", STATE), "statusUpdatedAt", 0);
            assertTrue(idleAgain - busyAt >= 5000, "busy lasted as long as the reply was held (" + (idleAgain - busyAt) + " ms)");
            tmux.waitForText(agent.paneId(), "Counting, slowly: one, two, three\\.", Duration.ofSeconds(10));
            assertTrue(api.requests("/v1/messages").stream().anyMatch(r -> r.body().contains("count-slowly-7")),
                    "the prompt reached the fake API:\n" + api.log());
        }
    }

    @Test
    void toolCallWaitsForPermissionAndRunsOnceApproved(@TempDir Path tmp) throws Exception {
        Path cwd = Files.createDirectories(tmp.resolve("web"));
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.atPath(); ClaudeCode claude = ClaudeCode.create(api)) {
            api.replyWithBash("make-marker-3", "touch approved-3", "Created the marker.", Duration.ofSeconds(5));
            ClaudeAgent agent = claude.startInTmux(tmux, "tool", cwd);
            agent.awaitStatus("idle", STATE);

            agent.prompt("please make-marker-3");
            agent.awaitStatus("waiting", STATE);
            tmux.waitForText(agent.paneId(), ClaudeAgent.PERMISSION_PROMPT, Duration.ofSeconds(10));
            assertFalse(Files.exists(cwd.resolve("approved-3")), "nothing runs before approval");
            long waitingAt = Json.lng(agent.session(), "statusUpdatedAt", 0);
            // up to the approval it keeps waiting: the same waiting record, not rewritten, nothing ran
            Map<String, Object> before = agent.session();
            assertEquals("waiting", Json.str(before, "status"), "it keeps waiting for the user");
            assertEquals(waitingAt, Json.lng(before, "statusUpdatedAt", 0), "the waiting record was not rewritten");
            assertFalse(Files.exists(cwd.resolve("approved-3")), "nothing runs before approval");

            agent.approve();
            agent.awaitStatus("busy", STATE);
            // busy is written on approval, before the command runs: wait for its effect
            long deadline = System.nanoTime() + STATE.toNanos();
            while (!Files.exists(cwd.resolve("approved-3")) && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(Files.exists(cwd.resolve("approved-3")), "the approved command ran");
            assertEquals("busy", agent.status(), "still busy while the final reply (held 5 s) streams");
            agent.awaitStatus("idle", STATE);
            tmux.waitForText(agent.paneId(), "Created the marker\\.", Duration.ofSeconds(10));
        }
    }
}
