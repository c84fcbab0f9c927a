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
 * makes the same checks with bash builtins, from the FIFO's name {@code fleet.<pid>.<start ticks>.fifo}
 * and that pid's /proc stat: reading /proc/locks costs an RCU grace period (5–20 ms on a loaded
 * machine), too much for a hotkey; and flock(1) would not see this lock (flock(2) and fcntl locks are
 * independent on Linux).
 */
public final class DaemonLiveness {
    private DaemonLiveness() {}

    /** What a client finds in a runtime directory. */
    public enum State { NONE, ANSWERING, STOPPED }

    /** The lock file every daemon of this directory holds. */
    public static Path lockFile(Path dir) {
        return dir.resolve("fleet.lock");
    }

    /**
     * The pid holding the daemon's lock in {@code dir}, if any. First the way the launcher tells it: the
     * FIFO a running daemon announces itself with ({@code fleet.<pid>.<start ticks>.fifo}, ours, in this
     * private directory) names a live process started at that tick — a directory listing and one stat
     * read. Only when no FIFO names one (none runs, or its lane could not start) /proc/locks decides.
     */
    public static OptionalLong holder(Path dir) {
        OptionalLong announced = announced(dir, Path.of("/proc"));
        return announced.isPresent() ? announced : holder(dir, Path.of("/proc/locks"));
    }

    /** The pid of a live (or stopped) process a daemon FIFO in {@code dir} names, with its start ticks. */
    static OptionalLong announced(Path dir, Path proc) {
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir, "fleet.*.*.fifo")) {
            for (Path f : s) {
                String[] n = f.getFileName().toString().split("\\.");
                if (n.length != 4 || !n[1].matches("[0-9]{1,10}") || !n[2].matches("[0-9]{1,19}")) continue;
                java.nio.file.attribute.PosixFileAttributes a = Files.readAttributes(f,
                        java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isOther() || !a.owner().getName().equals(System.getProperty("user.name"))) continue;
                long pid = Long.parseLong(n[1]), ticks = Long.parseLong(n[2]);
                if (alive(proc, pid, ticks)) return OptionalLong.of(pid);
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory announces nothing; /proc/locks still decides
        }
        return OptionalLong.empty();
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

    /** True while {@code pid}, started at {@code ticks}, exists and is no zombie (a stopped one counts). */
    private static boolean alive(Path proc, long pid, long ticks) {
        try {
            String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !f[0].isEmpty() && "ZXx".indexOf(f[0].charAt(0)) < 0 && f.length > 19 && Long.parseLong(f[19]) == ticks;
        } catch (IOException | RuntimeException e) {
            return false;
        }
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

    /**
     * True while the process {@code pid}, started at {@code startTicks}, runs and is not stopped: one
     * read of its /proc stat, cheap enough to ask every 50 ms while waiting for a reply (unlike
     * /proc/locks, whose every read waits for an RCU grace period system-wide). A recycled pid has another
     * start time; a zombie is in state Z.
     */
    public static boolean running(long pid, long startTicks) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            char st = f[0].isEmpty() ? '?' : f[0].charAt(0);
            return "ZXxTt".indexOf(st) < 0 && f.length > 19 && Long.parseLong(f[19]) == startTicks;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The start time of {@code pid} in clock ticks since boot (field 22 of its stat), or -1. */
    public static long startTicks(long pid) {
        return dev.fleet.core.proc.ProcSnapshot.readStat(Path.of("/proc"), (int) pid).map(i -> i.startTicks()).orElse(-1L);
    }

    /** A check that the daemon holding the lock now still runs (false at once when none holds it). */
    public static java.util.function.BooleanSupplier watcher(Path dir) {
        OptionalLong pid = holder(dir);
        if (pid.isEmpty()) return () -> false;
        long p = pid.getAsLong(), ticks = startTicks(p);
        return () -> running(p, ticks);
    }

    public static State state(Path dir) {
        OptionalLong pid = holder(dir);
        if (pid.isEmpty()) return State.NONE;
        return stopped(pid.getAsLong()) ? State.STOPPED : State.ANSWERING;
    }
}
