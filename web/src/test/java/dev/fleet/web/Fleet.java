package dev.fleet.web;

import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.testguard.TestDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code fleet daemon run} and {@code fleet web} in JVMs of their own (via {@link TestFleet}); killed on close. */
final class Fleet implements AutoCloseable {
    final Process process;
    final Path log;
    /** fleet web's first stdout line; null for the daemon. */
    final String url;

    private Fleet(Process p, Path log, String url) {
        this.process = p;
        this.log = log;
        this.url = url;
    }

    private static ProcessBuilder java(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), TestFleet.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        Map<String, String> all = new HashMap<>(TestDirs.isolatedEnv());
        all.putAll(env);
        all.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k); // null: the variable is removed
            else pb.environment().put(k, v);
        });
        return pb;
    }

    static Fleet daemon(Map<String, String> env, Path log) throws IOException, InterruptedException {
        Process p = java(env, "daemon", "run").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Fleet d = new Fleet(p, log, null);
        Path sock = SocketPaths.socket(env);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (DaemonClient c = DaemonClient.connect(sock)) {
                if (Boolean.TRUE.equals(c.call(Map.of("v", 1, "op", "status"), Duration.ofSeconds(2)).get("ok"))) return d;
            } catch (IOException | RuntimeException e) {
                Thread.sleep(50);
            }
        }
        d.close();
        throw new AssertionError("the daemon did not answer on " + sock + "; its log:\n" + Files.readString(log));
    }

    /** {@code fleet web args…}; returns once it printed its URL. */
    static Fleet web(Map<String, String> env, Path log, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("web"));
        a.addAll(List.of(args));
        Process p = java(env, a.toArray(new String[0])).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first;
        try {
            first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            first = null;
        }
        if (first == null) {
            p.destroyForcibly();
            throw new AssertionError("fleet web printed no URL; its stderr:\n" + Files.readString(log));
        }
        return new Fleet(p, log, first);
    }

    /** {@code fleet args…} to its end (up to 30 s): its exit code; its stdout and stderr go to {@code log}. */
    static int exit(Map<String, String> env, Path log, String... args) throws IOException, InterruptedException {
        Process p = java(env, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("fleet " + String.join(" ", args) + " did not end; its output:\n" + Files.readString(log));
        }
        return p.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
