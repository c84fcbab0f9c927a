package dev.fleet.cli.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.testkit.desktop.Desktop;
import dev.fleet.testkit.desktop.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent no tmux client shows: exit 3 with the attach command; {@code --attach} opens a terminal on it. */
class SwitchAttachIT {
    @TempDir
    Path tmp;

    @Test
    void noClientIsExitThreeAndAttachOpensATerminalOnThePane() throws Exception {
        Require.tools("tmux", "kitty", "Xvfb", "i3");
        try (Desktop desk = Desktop.start(); TmuxServer s = TmuxServer.atPath()) {
            Path cfg = Files.createDirectories(tmp.resolve("claude"));
            StandInAgent first = StandInAgent.builder(cfg).cwd(Files.createDirectories(tmp.resolve("first"))).inTmux(s, "work");
            StandInAgent lonely = StandInAgent.builder(cfg).cwd(Files.createDirectories(tmp.resolve("lonely")))
                    .marker("LONELY-AGENT").inTmux(s, "work");
            s.run("select-window", "-t", "work:0");
            Map<String, String> env = TerminalEnv.of(desk, tmp, cfg);

            Exec.Result r = FleetProcess.run(env, "switch", "lonely");
            assertEquals(3, r.exit(), r.err());
            assertTrue(r.err().contains("tmux -S " + s.socketPath() + " attach -t =work"), r.err());

            Exec.Result a = FleetProcess.run(env, "switch", "lonely", "--attach", "--verbose");
            assertEquals(0, a.exit(), a.err());
            assertEquals("work " + s.display(lonely.paneId(), "#{window_id}").trim() + " " + lonely.paneId(),
                    String.join("\n", s.userClients("#{client_session} #{window_id} #{pane_id}")));
            Map<String, Object> focused = Trees.focused(desk.tree());
            assertTrue(Json.str(focused, "name").startsWith("fleet: "), "the new terminal is in front: " + focused);
            assertTrue(first.isAlive() && lonely.isAlive());
            first.close();
            lonely.close();
        }
    }
}
