package dev.fleet.testkit;

import dev.fleet.core.json.Json;
import dev.fleet.core.proc.ProcInfo;
import dev.fleet.core.proc.StatLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes Claude Code 2.1.x session files ({@code <configDir>/sessions/<pid>.json}) the way the CLI
 * does: the full field set, rewritten atomically (temp file, fsync, rename) so a reader never sees
 * half a file.
 */
public final class SessionFiles {
    private SessionFiles() {}

    /** {@code <configDir>/sessions/<pid>.json}. */
    public static Path path(Path configDir, int pid) {
        return configDir.resolve("sessions").resolve(pid + ".json");
    }

    /**
     * The fields a real 2.1.330 interactive session file has (see the sample in the facts), for a
     * process {@code pid} in {@code cwd}; {@code procStart} is read from /proc. Change entries as needed
     * and pass the map to {@link #write(Path, Map)}.
     */
    public static Map<String, Object> fields(int pid, Path cwd, String status, long statusUpdatedAt) {
        awaitOwnProgram(pid);
        long now = System.currentTimeMillis();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("sessionId", UUID.randomUUID().toString());
        m.put("cwd", cwd.toString());
        m.put("startedAt", Math.min(now, statusUpdatedAt));
        m.put("procStart", procStart(pid));
        m.put("version", ClaudeCode.VERSION);
        m.put("peerProtocol", 1);
        m.put("peerFeatures", List.of("notify_idle", "reply_across_default_dirs", "artifact_yield"));
        m.put("kind", "interactive");
        m.put("entrypoint", "cli");
        m.put("pidDomain", "linux:" + machineId() + ":pid:[" + pidNamespace() + "]");
        m.put("asksForConvertedSkills", null);
        m.put("messagingSocketPath", "/tmp/cc-socks/" + pid + ".sock");
        String base = cwd.getFileName() == null ? "root" : cwd.getFileName().toString();
        m.put("name", base + "-" + (pid % 100));
        m.put("nameSource", "derived");
        m.put("nameSince", Math.min(now, statusUpdatedAt));
        m.put("status", status);
        m.put("updatedAt", statusUpdatedAt);
        m.put("statusUpdatedAt", statusUpdatedAt);
        return m;
    }

    /**
     * Claude Code writes its session file itself, long after its process started; a stand-in's file is
     * written by the test, so first wait (5 s at most, quietly) until the process runs its own program:
     * a pane or window process that tmux or kitty has forked but not yet exec'd still runs its parent's
     * program, with its parent's environ — a reader then would take the parent's variables for the
     * agent's. A process that is gone, or not a fork of its parent's program, is not waited for.
     */
    static void awaitOwnProgram(int pid) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Path self = Path.of("/proc", Integer.toString(pid));
                if (!Files.exists(self)) return; // gone: nothing to wait for
                long ppid = dev.fleet.core.proc.ProcSnapshot.readStat(Path.of("/proc"), pid).map(ProcInfo::ppid).orElse(0);
                Path parentExe = ppid <= 0 ? null : readExe(Path.of("/proc", Long.toString(ppid)));
                Path exe = readExe(self); // null in the midst of exec: look again
                if (parentExe == null || (exe != null && !exe.equals(parentExe))) return;
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Path readExe(Path proc) {
        try {
            return Files.readSymbolicLink(proc.resolve("exe"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Writes {@code fields} (must hold an integer {@code pid}) to its session file; returns the path. */
    public static Path write(Path configDir, Map<String, Object> fields) {
        Object pid = fields.get("pid");
        if (!(pid instanceof Number)) throw new IllegalArgumentException("session fields need a numeric pid");
        Path file = path(configDir, ((Number) pid).intValue());
        writeAtomically(file, Json.write(fields));
        return file;
    }

    /** As {@link #write(Path, Map)}, fields given as key, value, key, value… */
    public static Path write(Path configDir, Object... keyValues) {
        if (keyValues.length % 2 != 0) throw new IllegalArgumentException("keys and values must pair up");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        return write(configDir, m);
    }

    /** Field 22 of /proc/&lt;pid&gt;/stat (start time in clock ticks since boot), as a string. */
    public static String procStart(int pid) {
        try {
            String line = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return StatLine.parse(pid, line).map(ProcInfo::startTicks).map(String::valueOf)
                    .orElseThrow(() -> new IllegalStateException("unparsable /proc/" + pid + "/stat"));
        } catch (IOException e) {
            throw new IllegalStateException("process " + pid + " is gone: " + e.getMessage());
        }
    }

    static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String machineId() {
        try {
            return Files.readString(Path.of("/etc/machine-id")).strip();
        } catch (IOException e) {
            return "0".repeat(32);
        }
    }

    private static String pidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(); // pid:[4026531836]
            int a = link.indexOf('['), b = link.indexOf(']');
            return a >= 0 && b > a ? link.substring(a + 1, b) : "0";
        } catch (IOException | UnsupportedOperationException e) {
            return "0";
        }
    }
}
