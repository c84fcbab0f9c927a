package dev.fleet.cli.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.SessionFiles;
import dev.fleet.testkit.desktop.Sway;
import dev.fleet.testkit.desktop.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet switch} on headless sway: two agents in foot windows on two workspaces. */
class SwitchSwayIT {
    @TempDir
    Path tmp;

    @Test
    void switchMovesBetweenWorkspacesOnSway() throws Exception {
        try (Sway sway = Sway.start()) {
            Path cfg = Files.createDirectories(tmp.resolve("claude"));
            int[] pids = new int[2];
            Sway.Foot[] feet = new Sway.Foot[2];
            String[] names = {"north", "south"};
            for (int i = 0; i < 2; i++) {
                Path pidFile = sway.runtimeDir().resolve(names[i] + ".pid");
                feet[i] = sway.startFoot(names[i], List.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 100000"));
                long deadline = System.currentTimeMillis() + 10_000;
                while ((!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                pids[i] = Integer.parseInt(Files.readString(pidFile).trim());
                SessionFiles.write(cfg, SessionFiles.fields(pids[i], Files.createDirectories(tmp.resolve(names[i])), "idle",
                        System.currentTimeMillis()));
            }
            sway.command("[con_id=" + feet[1].conId() + "] move to workspace 2");
            sway.command("workspace number 3");

            Map<String, String> env = new HashMap<>();
            env.put("CLAUDE_CONFIG_DIR", cfg.toString());
            env.put("HOME", tmp.toString());
            env.put("SWAYSOCK", sway.socket().toString());
            env.put("WAYLAND_DISPLAY", sway.waylandDisplay());
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 2; i++) {
                    Exec.Result r = FleetProcess.run(env, "switch", names[i], "--verbose");
                    assertEquals(0, r.exit(), r.err());
                    Map<String, Object> focused = Trees.focused(sway.tree());
                    assertEquals(feet[i].conId(), Json.lng(focused, "id", -1), "after switch " + names[i]);
                    assertEquals(i == 0 ? "1" : "2", Trees.workspaceOf(sway.tree(), feet[i].conId()));
                }
            }
        }
    }
}
