package dev.fleet.notify;

import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.daemon.DaemonServer;
import dev.fleet.daemon.FleetDaemon;
import dev.fleet.daemon.PictureKeeper;
import dev.fleet.testguard.Reaper;
import dev.fleet.testguard.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real fleet daemon ({@code FleetDaemon.start}) over this test's private dirs, with stand-in agents:
 * live {@code sleep} processes with Claude Code session files whose status the test rewrites.
 */
final class StandInFleet implements AutoCloseable {
    final Path root = TestDirs.current();
    final Path claudeDir = root.resolve("claude");
    final Path runtimeDir;
    final Map<String, String> env = new LinkedHashMap<>();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Process> procs = new ArrayList<>();
    FleetDaemon daemon;

    StandInFleet(Map<String, String> extraEnv, String config) throws IOException {
        runtimeDir = Files.createTempDirectory(Path.of("/tmp"), "nfd-"); // socket paths are limited to 107 bytes
        env.put("HOME", root.resolve("home").toString());
        env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        env.put("XDG_CONFIG_HOME", root.resolve("config").toString());
        env.put("CLAUDE_CONFIG_DIR", claudeDir.toString());
        env.putAll(extraEnv);
        Path cfg = Files.createDirectories(root.resolve("config").resolve("fleet")).resolve("config");
        Files.writeString(cfg, config);
    }

    FleetDaemon start() throws FleetDaemon.StartException {
        PictureKeeper.Timing timing = new PictureKeeper.Timing(Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofMillis(500),
                Duration.ofSeconds(30));
        FleetDaemon.Config c = new FleetDaemon.Config(SocketPaths.socket(env), claudeDir, Path.of("/proc"), env, Map.of(),
                root.resolve("state"), timing, new DaemonServer.Limits(Duration.ofSeconds(2), 8, 256, Duration.ofSeconds(30)));
        daemon = FleetDaemon.start(c, Map.of(), line -> log.add(line));
        return daemon;
    }

    /** A live process with a session file in {@code status}; returns its pid. */
    int agent(String name, String status) throws IOException {
        Process p = new ProcessBuilder("sleep", "600").redirectErrorStream(true).start();
        Reaper.register(p);
        procs.add(p);
        int pid = (int) p.pid();
        write(pid, name, status, UUID.randomUUID().toString());
        return pid;
    }

    void setStatus(int pid, String status) throws IOException {
        Map<String, Object> s = Json.parseObject(Files.readAllBytes(claudeDir.resolve("sessions").resolve(pid + ".json")));
        write(pid, Json.str(s, "name"), status, Json.str(s, "sessionId"));
    }

    String sessionId(int pid) throws IOException {
        return Json.str(Json.parseObject(Files.readAllBytes(claudeDir.resolve("sessions").resolve(pid + ".json"))), "sessionId");
    }

    String cwd(String name) {
        return root.resolve("home").resolve(name).toString();
    }

    private void write(int pid, String name, String status, String sessionId) throws IOException {
        // Claude Code's real fields (testkit's one writer), with this fleet's name, id and folder
        long now = System.currentTimeMillis();
        Map<String, Object> m = dev.fleet.testkit.SessionFiles.fields(pid, Path.of(cwd(name)), status, now);
        m.put("sessionId", sessionId);
        m.put("name", name);
        dev.fleet.testkit.SessionFiles.write(claudeDir, m);
    }

    @Override
    public void close() throws IOException {
        if (daemon != null) daemon.close();
        for (Process p : procs) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dev.fleet.testguard.TestDirs.deleteTree(runtimeDir);
    }
}
