package dev.fleet.daemon;

import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.ProcSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A daemon over temp dirs and real stand-in processes ({@code sleep}) with session files; closes everything. */
final class DaemonFixture implements AutoCloseable {
    final Path root;
    final Path configDir;
    final Path stateDir;
    final Path runtimeDir;
    final List<Process> procs = new ArrayList<>();
    FleetDaemon daemon;

    DaemonFixture(Path root) throws IOException {
        this.root = root;
        this.configDir = Files.createDirectories(root.resolve("claude"));
        this.stateDir = root.resolve("state");
        // a short path: Unix socket paths are limited to 107 bytes
        this.runtimeDir = Files.createTempDirectory(Path.of("/tmp"), "fd-");
    }

    Map<String, String> env() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        e.put("HOME", root.toString());
        return e;
    }

    FleetDaemon.Config config() {
        return config(new PictureKeeper.Timing(Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    FleetDaemon.Config config(PictureKeeper.Timing timing) {
        return new FleetDaemon.Config(SocketPaths.socket(env()), configDir, Path.of("/proc"), env(), Map.of(), stateDir,
                timing, new DaemonServer.Limits(Duration.ofSeconds(2), 8, 256, Duration.ofSeconds(30)));
    }

    FleetDaemon start() throws FleetDaemon.StartException {
        daemon = FleetDaemon.start(config(), Map.of(), FleetDaemon.stderrLog());
        return daemon;
    }

    /** A daemon with its own timing and extra ops (as the cli adds switch and next). */
    FleetDaemon start(PictureKeeper.Timing timing, Map<String, DaemonOp> ops) throws FleetDaemon.StartException {
        daemon = FleetDaemon.start(config(timing), ops, FleetDaemon.stderrLog());
        return daemon;
    }

    Path socket() {
        return SocketPaths.socket(env());
    }

    Map<String, Object> call(Map<String, Object> req) throws IOException {
        try (DaemonClient c = DaemonClient.connect(socket())) {
            return c.call(req, Duration.ofSeconds(5));
        }
    }

    static Map<String, Object> req(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** A live process (sleep) with a session file in the given status; returns its pid. */
    int agent(String name, String status) throws IOException {
        Process p = new ProcessBuilder("sleep", "600").redirectErrorStream(true).start();
        procs.add(p);
        int pid = (int) p.pid();
        writeSession(pid, name, status, System.currentTimeMillis(), UUID.randomUUID().toString());
        return pid;
    }

    void writeSession(int pid, String name, String status, long at, String sessionId) throws IOException {
        // Claude Code's real fields (testkit's one writer), with this fixture's name, id and times
        Map<String, Object> m = dev.fleet.testkit.SessionFiles.fields(pid, root.resolve(name), status, at);
        m.put("sessionId", sessionId);
        m.put("name", name);
        m.put("startedAt", at);
        dev.fleet.testkit.SessionFiles.write(configDir, m);
    }

    Map<String, Object> session(int pid) throws IOException {
        return Json.parseObject(Files.readAllBytes(configDir.resolve("sessions").resolve(pid + ".json")));
    }

    void setStatus(int pid, String status) throws IOException {
        Map<String, Object> s = session(pid);
        writeSession(pid, Json.str(s, "name"), status, System.currentTimeMillis(), Json.str(s, "sessionId"));
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
