package dev.fleet.cli;

import dev.fleet.commands.Command;
import dev.fleet.commands.Settings;
import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.daemon.DaemonLiveness;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.daemon.DaemonCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JVM path's auto-start ({@code java -jar fleet.jar ls} without the launcher; the launcher does its
 * own without a JVM and tells this one so with {@code -Dfleet.launcher=1}): a command that finds no
 * daemon (no process holds its lock) starts one in the background and goes on with the direct path,
 * undelayed. The same rules as the launcher's: not for {@code daemon}, {@code completion}, the hidden
 * hooks or help; off with FLEET_NO_DAEMON=1, FLEET_AUTOSTART=0 or {@code daemon.autostart = off}; a
 * stopped daemon holds its lock and so counts as running. Once under a burst: {@code autostart.lock}
 * in the runtime directory holds the time of the last spawn, read and written under a lock, and no
 * second spawn follows within {@value #SPAWN_GAP_S} s (the daemon's own lock refuses a second daemon
 * anyway; this keeps a burst from starting twenty JVMs). Never fails the command: any problem means
 * no auto-start.
 */
final class AutoStart {
    private AutoStart() {}

    static final long SPAWN_GAP_S = 10;
    private static final Set<String> NEVER = Set.of("daemon", "completion", "help");
    private static final List<String> HELP = List.of("-h", "--help", "-V", "--version");

    static void maybe(Command cmd, String[] args, Map<String, String> env) {
        if (!wanted(cmd, args, env)) return;
        try {
            Path dir = SocketPaths.dir(env);
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && DaemonLiveness.holder(dir).isPresent()) return;
            if (!FleetConfig.load(env, w -> { }).bool("daemon.autostart", true, w -> { })) return;
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another first call made it
                }
            }
            if (SocketPaths.unsafe(dir) != null) return; // the command itself says why
            if (claimSpawn(dir.resolve("autostart.lock"))) DaemonCommand.spawn(Settings.fromEnv(env));
        } catch (IOException | RuntimeException e) {
            // no daemon this time; the command runs directly as it would without one
        }
    }

    static boolean wanted(Command cmd, String[] args, Map<String, String> env) {
        if (Boolean.getBoolean("fleet.launcher")) return false;
        if ("1".equals(env.get("FLEET_NO_DAEMON")) || "0".equals(env.get("FLEET_AUTOSTART"))) return false;
        if (cmd == null || cmd.spec().hidden() || NEVER.contains(cmd.spec().name())) return false;
        for (String a : args) if (HELP.contains(a)) return false;
        return true;
    }

    /** True when this call is the one to spawn: no spawn within the last {@value #SPAWN_GAP_S} s; records this one. */
    private static boolean claimSpawn(Path stamp) throws IOException {
        try (FileChannel ch = FileChannel.open(stamp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS); FileLock lock = ch.tryLock()) {
            if (lock == null) return false; // another call is deciding right now
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String last = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            long now = System.currentTimeMillis() / 1000;
            if (last.matches("[0-9]{1,18}") && now - Long.parseLong(last) < SPAWN_GAP_S) return false;
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((now + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return true;
        }
    }
}
