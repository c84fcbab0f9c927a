package dev.fleet.core.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Is a daemon there, and can it answer — told without asking it, so a frozen or killed daemon costs a
 * client nothing. The daemon holds a POSIX (fcntl) lock on {@code fleet.lock} for its lifetime; the
 * kernel drops it the moment the process dies (a zombie holds none), and {@code /proc/locks} names the
 * holder's pid with the file's inode — so a recycled pid, even another {@code java}, is never taken for
 * the daemon. A holder in state T (SIGSTOP) or t (traced) is there but cannot answer. The launcher
 * makes the same two checks with bash builtins (flock(1) would not see this lock: flock(2) and fcntl
 * locks are independent on Linux).
 */
public final class DaemonLiveness {
    private DaemonLiveness() {}

    /** What a client finds in a runtime directory. */
    public enum State { NONE, ANSWERING, STOPPED }

    /** The lock file every daemon of this directory holds. */
    public static Path lockFile(Path dir) {
        return dir.resolve("fleet.lock");
    }

    /** The pid holding the daemon's lock in {@code dir}, if any. */
    public static OptionalLong holder(Path dir) {
        return holder(dir, Path.of("/proc/locks"));
    }

    static OptionalLong holder(Path dir, Path procLocks) {
        long ino;
        try {
            ino = ((Number) Files.getAttribute(lockFile(dir), "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty(); // no lock file: no daemon ever ran here
        }
        try {
            for (String line : Files.readAllLines(procLocks, StandardCharsets.US_ASCII)) {
                // "1: POSIX  ADVISORY  WRITE 1234 fe:00:2147763 0 EOF"
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || !f[1].equals("POSIX") || f[2].equals("->")) continue;
                if (!f[5].endsWith(":" + ino)) continue;
                try {
                    return OptionalLong.of(Long.parseLong(f[4]));
                } catch (NumberFormatException e) {
                    // an OFD lock (pid -1 shows as a number too) or an odd line
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: cannot tell, as if none
        }
        return OptionalLong.empty();
    }

    /** True when the process is stopped (SIGSTOP, a debugger): it holds its lock but answers nothing. */
    public static boolean stopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
            char st = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return st == 'T' || st == 't';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static State state(Path dir) {
        OptionalLong pid = holder(dir);
        if (pid.isEmpty()) return State.NONE;
        return stopped(pid.getAsLong()) ? State.STOPPED : State.ANSWERING;
    }
}
