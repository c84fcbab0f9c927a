package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JDK the launcher runs fleet on: the newest of 17 or later among FLEET_JAVA_HOME (alone when set),
 * JAVA_HOME, the java on PATH (through its symlinks) and /usr/lib/jvm; none: one line and exit 5. Stand-in
 * JDK homes (a release file and a bin/java that writes down which it is) show the choice.
 */
class LauncherJavaIT {
    @TempDir
    Path tmp;

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("jdks").resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"" + name + "\" > \"" + tmp.resolve("ran") + "\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Exec.Result launch(Map<String, String> extra) throws IOException {
        Path config = Files.createDirectories(tmp.resolve("claude"));
        Map<String, String> env = LauncherCopy.userEnv(tmp, config, Files.createDirectories(tmp.resolve("run")));
        env.put("FLEET_NO_DAEMON", "1");
        env.remove("JAVA_HOME");
        env.putAll(extra);
        Files.deleteIfExists(tmp.resolve("ran"));
        return LauncherCopy.in(tmp.resolve("copy"), true).run(env, "ls");
    }

    private String ran() throws IOException {
        return Files.exists(tmp.resolve("ran")) ? Files.readString(tmp.resolve("ran")).trim() : "(none)";
    }

    @Test
    void fleetJavaHomeAloneDecidesAndAnOldOneIsRefused() throws IOException {
        Path jdk17 = fakeJdk("jdk17", "17.0.9");
        Exec.Result r = launch(Map.of("FLEET_JAVA_HOME", jdk17.toString(), "JAVA_HOME", fakeJdk("jdk99", "99").toString()));
        assertEquals(0, r.exit(), r.err());
        assertEquals("jdk17", ran());

        for (String old : new String[] {"11.0.2", "1.8.0_392"}) {
            Exec.Result o = launch(Map.of("FLEET_JAVA_HOME", fakeJdk("old" + old.charAt(0), old).toString()));
            assertEquals(5, o.exit(), old);
            assertEquals("(none)", ran(), old);
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().startsWith("fleet: no JDK 17 or newer found"), o.err());
        }
    }

    @Test
    void theNewestOfJavaHomeAndTheJavaOnPathThroughItsSymlinkWins() throws IOException {
        Path newest = fakeJdk("jdk98", "98.0.1");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), newest.resolve("bin/java"));
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", fakeJdk("jdk97", "97").toString());
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        Exec.Result r = launch(env);
        assertEquals(0, r.exit(), r.err());
        assertEquals("jdk98", ran(), "the java on PATH resolves to its home, newer than JAVA_HOME's");

        env.put("JAVA_HOME", fakeJdk("jdk99", "99+36").toString());
        assertEquals(0, launch(env).exit());
        assertEquals("jdk99", ran(), "JAVA_HOME newer than PATH's");
    }
}
