package dev.fleet.cli.daemon;

import dev.fleet.core.exec.Exec;
import dev.fleet.testkit.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the lane tests share: a user's environment with a runtime directory of its own under /tmp (a
 * socket path's length), the launcher copied with no jar beside it (any fall back to the JVM path shows:
 * it would have to build, and fails), and the environment whose every lane request must be served by the
 * daemon ({@code FLEET_DAEMON_REQUIRED=1}: a fall back is an error, not a quiet success). Closing removes
 * the runtime directory.
 */
final class LaneRig implements AutoCloseable {
    final Path runtime;
    final Path config;
    final Map<String, String> env;
    final Map<String, String> lane;
    final Path script;

    private LaneRig(Path tmp, String prefix) throws IOException {
        runtime = Files.createTempDirectory(Path.of("/tmp"), prefix);
        config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        env = LauncherCopy.userEnv(tmp, config, runtime);
        script = LauncherCopy.in(tmp.resolve("copy"), false).script;
        lane = new HashMap<>(env);
        lane.put("FLEET_DAEMON_REQUIRED", "1");
    }

    /** The rig in the test's folder {@code tmp}, its runtime directory named {@code prefix}…; {@code tools} required. */
    static LaneRig in(Path tmp, String prefix, String... tools) throws IOException {
        Require.tools(tools);
        return new LaneRig(tmp, prefix);
    }

    /** The launcher copy run with {@code env}. */
    Exec.Result launcher(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
        argv.addAll(List.of(args));
        return Exec.withTimeout(Duration.ofSeconds(30)).run(argv, env, null);
    }

    /** The running daemon's lane FIFO (fleet.<pid>.<start ticks>.fifo). */
    Path laneFifo() throws IOException {
        try (Stream<Path> s = Files.list(runtime.resolve("fleet"))) {
            return s.filter(p -> p.getFileName().toString().matches("fleet\\.[0-9]+\\.[0-9]+\\.fifo")).findFirst().orElseThrow();
        }
    }

    /** Writes one raw request line to the lane FIFO, as a launcher does, and nothing else. */
    Exec.Result sendRaw(String line) throws IOException {
        return Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("sh", "-c", "printf '%s\\n' \"$1\" > \"$2\"", "sh", line, laneFifo().toString()));
    }

    @Override
    public void close() throws IOException {
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
    }
}
