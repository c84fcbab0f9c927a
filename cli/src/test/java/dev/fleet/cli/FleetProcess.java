package dev.fleet.cli;

import dev.fleet.core.exec.Exec;
import dev.fleet.testguard.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs fleet as a user would — a separate JVM with its own environment — and keeps exit code and output.
 * The environment is the test's own (testkit's {@link TestDirs}: HOME, XDG dirs, Claude config dir,
 * tmux socket dir; no TMUX, DISPLAY, I3SOCK, KITTY_*...), so fleet never reaches a daemon, tmux
 * server or display the test did not start; {@code env} is applied on top (a null value removes).
 */
public final class FleetProcess {
    private FleetProcess() {}

    public static Exec.Result run(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(TestDirs.isolatedEnv());
        all.putAll(env);
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        return Exec.withTimeout(Duration.ofSeconds(60)).run(argv, all, null);
    }
}
