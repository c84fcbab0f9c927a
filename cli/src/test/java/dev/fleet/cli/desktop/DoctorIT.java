package dev.fleet.cli.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.SessionFiles;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.testkit.desktop.Desktop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet doctor}: each layer it can reach says so; a missing one says what to do and exits 5. */
class DoctorIT {
    @TempDir
    Path tmp;

    @Test
    void everyLayerReachableOnARealDesktop() throws Exception {
        Require.tools("tmux", "kitty", "Xvfb", "i3");
        try (Desktop desk = Desktop.start(); TmuxServer s = TmuxServer.atPath()) {
            Path cfg = Files.createDirectories(tmp.resolve("claude"));
            Path pidFile = tmp.resolve("agent.pid");
            Desktop.Kitty k = desk.startKitty("doctor", List.of(), List.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 100000"));
            long deadline = System.currentTimeMillis() + 10_000;
            while ((!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) && System.currentTimeMillis() < deadline) Thread.sleep(50);
            int pid = Integer.parseInt(Files.readString(pidFile).trim());
            SessionFiles.write(cfg, SessionFiles.fields(pid, Files.createDirectories(tmp.resolve("kittyagent")), "idle", System.currentTimeMillis()));
            s.newSession("side", tmp, "sleep", "100000");
            Map<String, String> env = new HashMap<>(desk.env());
            env.put("CLAUDE_CONFIG_DIR", cfg.toString());
            env.put("HOME", tmp.toString());
            Exec.Result r = FleetProcess.run(env, "doctor", "--tmux-socket", s.socketPath().toString());
            assertEquals(0, r.exit(), r.out() + r.err());
            String out = r.out();
            assertTrue(out.contains("config dir " + cfg + ": 1 session files"), out);
            assertTrue(out.contains("server " + s.socketPath()), out);
            assertTrue(out.contains("remote control answers at " + k.listenOn()), out);
            assertTrue(out.lines().anyMatch(l -> l.startsWith("ok") && l.contains("wm") && l.contains("answers at " + desk.socket())), out);
            assertTrue(out.lines().anyMatch(l -> l.contains("agent") && l.contains("kittyagent") && l.contains("kitty")), out);
        }
    }

    @Test
    void aMissingLayerSaysWhatToDoAndExitsFive() {
        Map<String, String> env = new HashMap<>();
        env.put("CLAUDE_CONFIG_DIR", tmp.resolve("nowhere").toString());
        env.put("HOME", tmp.toString());
        env.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString());
        Exec.Result r = FleetProcess.run(env, "doctor");
        assertEquals(5, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("MISSING claude  no Claude Code config dir at " + tmp.resolve("nowhere")), r.out());
        assertTrue(r.out().contains("-> start Claude Code once, or set CLAUDE_CONFIG_DIR"), r.out());
    }
}
