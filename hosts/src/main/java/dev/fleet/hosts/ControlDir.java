package dev.fleet.hosts;

import dev.fleet.core.daemon.SocketPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the ssh masters' sockets live: fleet's private runtime directory (the daemon's, 0700, ours), so
 * no other user can reach a master and ride its connection. Created 0700 when missing; refused when it is
 * not private.
 */
final class ControlDir {
    private ControlDir() {}

    static Path of(Map<String, String> env) {
        Path dir = SocketPaths.dir(env);
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by another fleet meanwhile: checked below like any other
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the runtime directory " + dir + ": " + e.getMessage());
            }
        }
        String why = SocketPaths.unsafe(dir);
        if (why != null) throw new IllegalStateException("refusing ssh control sockets in " + dir + ": " + why);
        return dir;
    }
}
