package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On JDK 22 and later the JVM warns on stderr, four lines, the first time a library loads native code
 * without native access enabled — junixsocket does, for kitty's abstract sockets ({@code unix:@name}, a
 * common {@code listen_on}) and the daemon's socket. The launcher picks the newest JDK it finds (here the
 * JDK 25 in /usr/lib/jvm), so a user's hotkey would print them. Checked on the newest JDK of 22 or later
 * this machine has (on an older one the JVM has no such warning to give).
 */
class NativeAccessIT {
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void noJvmWarningReachesTheUserNorTheDaemonLog() throws IOException {
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fna-");
        try {
            Map<String, String> env = LauncherCopy.userEnv(tmp, config, runtime);
            Path jdk = newestJdk(22);
            if (jdk != null) env.put("FLEET_JAVA_HOME", jdk.toString());
            LauncherCopy fleet = LauncherCopy.in(tmp.resolve("copy"), true);

            // a kitty on an abstract socket that is gone: doctor connects to it through junixsocket
            Map<String, String> direct = new java.util.HashMap<>(env);
            direct.put("FLEET_NO_DAEMON", "1");
            direct.put("KITTY_LISTEN_ON", "unix:@fleet-test-none-" + ProcessHandle.current().pid());
            direct.put("KITTY_WINDOW_ID", "1");
            Exec.Result doctor = fleet.run(direct, "doctor");
            assertTrue(doctor.out().contains("nothing listens on unix:@fleet-test-none-"), "doctor reached the kitty socket: " + doctor.out());
            assertFalse(doctor.err().contains("WARNING"), "the JVM's warnings on the user's stderr (" + jdk + "):\n" + doctor.err());

            // the daemon, started by the command (a JVM starting a JVM), binds its socket with junixsocket
            Exec.Result start = fleet.run(env, "daemon", "start");
            assertEquals(0, start.exit(), start.err());
            try {
                assertFalse(start.err().contains("WARNING"), start.err());
                String log = Files.readString(tmp.resolve("state/fleet/daemon.log"));
                assertTrue(log.contains("listening on"), log);
                assertFalse(log.contains("WARNING"), "the JVM's warnings in the daemon's log (" + jdk + "):\n" + log);
            } finally {
                fleet.run(env, "daemon", "stop");
            }
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    /** The home of the newest JDK of {@code min} or later in /usr/lib/jvm, from its release file; null for none. */
    static Path newestJdk(int min) throws IOException {
        Path best = null;
        int bestVersion = min - 1;
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return null;
        try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms)) {
            for (Path home : homes) {
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) continue;
                Matcher m = VERSION.matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) > bestVersion) {
                    bestVersion = Integer.parseInt(m.group(1));
                    best = home;
                }
            }
        }
        return best;
    }
}
