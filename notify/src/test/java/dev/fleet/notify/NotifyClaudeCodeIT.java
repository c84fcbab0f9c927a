package dev.fleet.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import dev.fleet.testkit.ClaudeAgent;
import dev.fleet.testkit.ClaudeCode;
import dev.fleet.testkit.FakeModelApi;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.testkit.desktop.NotifyRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real-parts test: a real Claude Code agent (against a fake Messages API) in tmux asks for
 * permission to run a Bash command; a real daemon puts a notification naming it on a real notification
 * server (dunst on a private bus under Xvfb), and closes it once the prompt is answered through the
 * agent's pane. Read back with dbus-monitor and dunstctl, the agent's state from its own session file.
 */
class NotifyClaudeCodeIT {
    private static final Duration STATE = Duration.ofSeconds(30);
    private static final long WAIT = 8_000;

    @Test
    void aRealAgentAtAPermissionPromptIsNotifiedAndTheNotificationClosesWhenItMovesOn() throws Exception {
        Require.tool("tmux");
        Require.claudeCode();
        try (NotifyRig rig = NotifyRig.start();
                StandInFleet fleet = new StandInFleet(rig.env(), "notify.rate.agent = 0\n");
                FakeModelApi api = FakeModelApi.start();
                TmuxServer tmux = TmuxServer.named();
                ClaudeCode claude = ClaudeCode.create(api, fleet.claudeDir)) {
            api.replyWithBash("nfy-cc-7", "touch nfy-cc-7", "Made it.", Duration.ofSeconds(2));
            Path cwd = Files.createDirectories(Path.of(fleet.env.get("HOME")).resolve("cc-nfy")).toRealPath();
            claude.trust(cwd);
            Files.createDirectories(fleet.claudeDir.resolve("sessions"));
            fleet.start();
            assertTrue(fleet.log.contains("notify: on"), fleet.log.toString());

            ClaudeAgent agent = claude.startInTmux(tmux, "cc-nfy", cwd);
            agent.prompt("please nfy-cc-7");
            String name = Json.str(agent.awaitStatus("waiting", STATE), "name"); // Claude Code's own name for it
            assertTrue(NotifyRig.waitFor(WAIT, () -> rig.displayed() == 1),
                    "one notification on screen while it waits; log: " + fleet.log + "; monitor: " + rig.monitor());
            String notify = NotifyDaemonIT.lastNotify(rig);
            assertTrue(notify.contains("string \"" + name + "\""), "summary is the agent's name " + name + ": " + notify);
            assertTrue(notify.contains("permission for Bash: touch nfy-cc-7"), "body says why it waits: " + notify);
            assertTrue(notify.contains("~/cc-nfy"), "body names its folder: " + notify);

            agent.approve(); // Enter in its tmux pane: "1. Yes"
            agent.awaitStatus("busy", STATE);
            assertTrue(NotifyRig.waitFor(WAIT, () -> rig.displayed() == 0), "closed once it moved on: " + rig.monitor());
            assertEquals(1, rig.calls("CloseNotification"), rig.monitor());
            assertTrue(rig.history().contains(name), "dunst's history has the closed notification: " + rig.history());
            agent.awaitStatus("idle", STATE);
            assertTrue(Files.exists(cwd.resolve("nfy-cc-7")), "the approved command ran");
            assertEquals(1, rig.calls("Notify"), "no other notification (finished is off by default): " + rig.monitor());
        }
    }
}
