package dev.fleet.cli.daemon;

import dev.fleet.core.exec.Exec;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The repository's {@code fleet} launcher, copied to a directory of the test's own. With a jar, the
 * copy's {@code cli/target/fleet.jar} is a manifest naming this test's class path (the real jar is not
 * built yet when tests run), so its JVM path runs the code under test; without, any fall back to the
 * JVM path shows (it would have to build, and fails).
 */
final class LauncherCopy {
    final Path script;

    private LauncherCopy(Path script) {
        this.script = script;
    }

    static LauncherCopy in(Path dir, boolean withJar) throws IOException {
        Path script = Files.createDirectories(dir).resolve("fleet");
        Files.copy(Path.of(System.getProperty("fleet.repo")).resolve("fleet"), script, StandardCopyOption.REPLACE_EXISTING);
        if (withJar) {
            Manifest m = new Manifest();
            m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.fleet.cli.Main");
            List<String> cp = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!e.isEmpty()) cp.add(Path.of(e).toAbsolutePath().toUri().getRawPath());
            }
            m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", cp));
            Path jar = Files.createDirectories(dir.resolve("cli/target")).resolve("fleet.jar");
            try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
                // the manifest is the whole jar
            }
        }
        return new LauncherCopy(script);
    }

    /** Runs the copy; FLEET_CDS=0: no class-data archive recorded in the background by a test. */
    Exec.Result run(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
        argv.addAll(List.of(args));
        Map<String, String> e = new java.util.HashMap<>(env);
        e.putIfAbsent("FLEET_CDS", "0");
        return Exec.withTimeout(Duration.ofSeconds(60)).run(argv, e, null);
    }

    /** {@link #run}, and how long it took, in ms. */
    Timed timed(Map<String, String> env, String... args) {
        long t0 = System.nanoTime();
        Exec.Result r = run(env, args);
        return new Timed(r, (System.nanoTime() - t0) / 1_000_000);
    }

    record Timed(Exec.Result r, long ms) {
        String what() {
            return "exit " + r.exit() + " in " + ms + " ms; stdout: " + r.out() + " stderr: " + r.err();
        }
    }

    /** A user's environment for the launcher: HOME, Claude config dir, XDG runtime/state/cache dirs, PATH. */
    static java.util.Map<String, String> userEnv(Path home, Path config, Path runtime) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("CLAUDE_CONFIG_DIR", config.toString());
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("PATH", System.getenv("PATH"));
        // the test's tmux servers sit on this user's default socket dir
        env.put("TMUX_TMPDIR", dev.fleet.testguard.TestDirs.tmuxTmpdir().toString());
        return env;
    }

}
