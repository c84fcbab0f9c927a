package dev.fleet.cli;

import dev.fleet.core.exec.Exec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs fleet as a user would — a separate JVM with its own environment — and keeps exit code and output. */
public final class FleetProcess {
    private FleetProcess() {}

    public static Exec.Result run(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        return Exec.withTimeout(Duration.ofSeconds(60)).run(argv, env, null);
    }
}
