package dev.fleet.core.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A fake /proc root in a temp dir: stat lines and environ blocks written the way the kernel does. */
public final class FakeProc {
    private final Path root;

    public FakeProc(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Adds a process; {@code comm} may hold spaces and parentheses, as real ones can. */
    public FakeProc add(int pid, int ppid, long startTicks, String comm) {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
        // cutime cstime priority nice num_threads itrealvalue starttime vsize ...
        String stat = pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 "
                + startTicks + " 1000000 100 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        write(pid, "stat", stat.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    public FakeProc environ(int pid, Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        env.forEach((k, v) -> b.append(k).append('=').append(v).append('\0'));
        write(pid, "environ", b.toString().getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private void write(int pid, String name, byte[] content) {
        try {
            Path d = Files.createDirectories(root.resolve(Integer.toString(pid)));
            Files.write(d.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
