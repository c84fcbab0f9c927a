package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.util.Ids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher trusts no runtime directory that another user could have made first (like tmux with
 * /tmp/tmux-<uid>): a symlink, a file, a directory open to others or owned by someone else is refused
 * with one clear line and exit 5, for every command, before any FIFO or socket in it is opened.
 */
class RuntimeDirIT {
    @TempDir
    Path tmp;
    Path runtime;

    @AfterEach
    void clean() throws Exception {
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
    }

    @Test
    void aRuntimeDirectoryNotPrivatelyOursIsRefused() throws Exception {
        runtime = Files.createTempDirectory(Path.of("/tmp"), "frd-");
        Path dir = runtime.resolve("fleet");
        LauncherCopy fleet = LauncherCopy.in(tmp.resolve("copy"), false);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", tmp.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());

        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(dir, elsewhere);
        refused(fleet, env, dir, "it is a symlink");
        Files.delete(dir);

        Files.writeString(dir, "");
        refused(fleet, env, dir, "it is not a directory");
        Files.delete(dir);

        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        refused(fleet, env, dir, "its mode is 755, not 700 (chmod 700 it)");

        if (Ids.uid() == 0) { // only root can give a directory away; the check itself is the same
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            assertEquals(0, Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("chown", "65534", dir.toString())).exit());
            refused(fleet, env, dir, "it belongs to another user");
        }
    }

    private static void refused(LauncherCopy fleet, Map<String, String> env, Path dir, String why) {
        for (String[] args : new String[][] {{"ls", "--json"}, {"switch", "x"}, {"daemon", "start"}}) {
            Exec.Result r = fleet.run(env, args);
            assertEquals(5, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals("fleet: refusing the runtime directory " + dir + ": " + why
                    + "; remove it, or set XDG_RUNTIME_DIR to a private directory\n", r.err(), String.join(" ", args));
        }
    }
}
