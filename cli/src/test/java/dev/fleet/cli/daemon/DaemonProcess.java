package dev.fleet.cli.daemon;

import dev.fleet.cli.Main;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.SocketPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code fleet daemon run} in a JVM of its own, as a user (or systemd) runs it; killed on close. */
final class DaemonProcess implements AutoCloseable {
    final Process process;
    final Path socket;
    final Path log;

    private DaemonProcess(Process p, Path socket, Path log) {
        this.process = p;
        this.socket = socket;
        this.log = log;
    }

    static List<String> java(String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Starts {@code fleet daemon run}; waits until its socket answers (or the process ends). */
    static DaemonProcess start(Map<String, String> env, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(java("daemon", "run"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        Path sock = SocketPaths.socket(env);
        DaemonProcess d = new DaemonProcess(p, sock, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (d.answers()) return d;
            Thread.sleep(25);
        }
        d.close();
        throw new AssertionError("the daemon did not answer on " + sock + "; its log:\n" + Files.readString(log));
    }

    boolean answers() {
        try (DaemonClient c = DaemonClient.connect(socket)) {
            return Boolean.TRUE.equals(c.call(Map.of("v", 1, "op", "status"), Duration.ofSeconds(2)).get("ok"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
