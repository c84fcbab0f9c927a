package dev.fleet.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.util.Ids;
import dev.fleet.testkit.Require;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where fleet starts a tmux server: the socket's directory, made and checked as tmux does (issue 8.1). */
class TmuxSocketDirIT {
    @TempDir
    Path tmp;

    @Test
    void aMissingDirectoryIsMadePrivateAndTmuxThenStartsThere() throws Exception {
        Require.tool("tmux");
        Path dir = tmp.resolve("tmux-" + Ids.uid());
        TmuxSockets.ensurePrivateDir(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)));
        Tmux tmux = new Tmux(Exec.withTimeout(Duration.ofSeconds(5)), dir.resolve("s"));
        try {
            tmux.check("new-session", "-d", "-s", "x", "sleep 60");
            assertTrue(TmuxSockets.isSocket(dir.resolve("s")));
            TmuxSockets.ensurePrivateDir(dir); // a second time: ours, accepted
        } finally {
            tmux.run("kill-server");
        }
    }

    @Test
    void tmuxSayingErrorCreatingIsAFailureThoughItExitsZero() {
        Require.tool("tmux");
        Tmux tmux = new Tmux(Exec.withTimeout(Duration.ofSeconds(5)), tmp.resolve("no-such-dir/s"));
        Exec.Result r = tmux.run("new-session", "-d", "-s", "x", "-P", "-F", "#{pane_pid}", "sleep 60");
        assertFalse(r.ok(), "exit " + r.exit() + " err " + r.err());
        TmuxException e = assertThrows(TmuxException.class, () -> tmux.check("new-session", "-d", "-s", "x", "sleep 60"));
        assertTrue(e.getMessage().contains("error creating " + tmp.resolve("no-such-dir/s")), e.getMessage());
    }

    @Test
    void aDirectoryOpenToOthersIsRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        TmuxException e = assertThrows(TmuxException.class, () -> TmuxSockets.ensurePrivateDir(dir));
        assertTrue(e.getMessage().contains("open to others (mode 0755)") && e.getMessage().contains("chmod 700"), e.getMessage());
    }

    @Test
    void aSymlinkIsRefusedEvenToAPrivateDirectory() throws Exception {
        Path real = Files.createDirectory(tmp.resolve("real"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        TmuxException e = assertThrows(TmuxException.class, () -> TmuxSockets.ensurePrivateDir(link));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws Exception {
        dev.fleet.testkit.Require.that(Ids.uid() == 0, "chown to another uid needs root (CI runs as root)");
        Path dir = Files.createDirectory(tmp.resolve("theirs"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(dir, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        TmuxException e = assertThrows(TmuxException.class, () -> TmuxSockets.ensurePrivateDir(dir));
        assertTrue(e.getMessage().contains("belongs to uid 65534, not to you"), e.getMessage());
    }

    @Test
    void aMissingParentIsNamed() {
        TmuxException e = assertThrows(TmuxException.class, () -> TmuxSockets.ensurePrivateDir(tmp.resolve("a/b")));
        assertTrue(e.getMessage().contains(tmp.resolve("a") + " does not exist"), e.getMessage());
    }
}
