package dev.fleet.hosts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an argv on one host through OpenSSH, sharing one connection per host: {@code ControlMaster=auto}
 * on {@code <runtime dir>/ssh-%C} (fleet's private 0700 directory) kept for 60 s, so a call on a warm
 * master costs one round trip. {@code BatchMode}: never a password prompt in a hotkey. The destination
 * comes after {@code --}; the remote command is one string of single-quoted words ({@link RemoteShell}).
 */
public final class SshHost {
    /** Whatever a host answers beyond this is not a listing fleet reads. */
    public static final int MAX_ANSWER = 4 << 20;
    private static final int MAX_ERR = 16 << 10;

    private final String destination;
    private final Path controlDir;

    public SshHost(String destination, Path controlDir) {
        String why = HostName.problem(destination);
        if (why != null) throw new IllegalArgumentException(why);
        this.destination = destination;
        this.controlDir = controlDir;
    }

    public String destination() {
        return destination;
    }

    /** The ssh argv that runs {@code remote} on this host. */
    public List<String> argv(List<String> remote, Duration connectTimeout) {
        return argv(remote, connectTimeout, List.of());
    }

    /**
     * The ssh argv of a long-lived stream: keepalives every 5 s, two missed and ssh gives up (they apply
     * when this ssh is the host's master; a mux client sees the master's end as its own).
     */
    public List<String> streamArgv(List<String> remote, Duration connectTimeout) {
        return argv(remote, connectTimeout, List.of("-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=2"));
    }

    private List<String> argv(List<String> remote, Duration connectTimeout, List<String> extra) {
        List<String> a = new ArrayList<>(List.of("ssh"));
        a.addAll(extra);
        a.addAll(List.of(
                "-o", "ControlMaster=auto",
                "-o", "ControlPath=" + controlPath(),
                "-o", "ControlPersist=60",
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=" + Math.max(1, connectTimeout.toSeconds()),
                "--", destination));
        a.add(RemoteShell.quote(remote));
        return a;
    }

    /**
     * The argv a user runs to reach {@code remote} interactively: {@code ssh -t -- <host> <quoted argv>}, with
     * the user's own ssh settings (no fleet control socket: the session lives as long as the user keeps it).
     */
    public static List<String> interactiveArgv(String destination, List<String> remote) {
        String why = HostName.problem(destination);
        if (why != null) throw new IllegalArgumentException(why);
        return List.of("ssh", "-t", "--", destination, RemoteShell.quote(remote));
    }

    /**
     * The argv of a viewer a user watches in a terminal ({@code fleet watch}, a workspace tile): {@code ssh -t} over
     * the host's shared master (the plan was just asked over it, so no second login), {@code BatchMode} as every
     * call of fleet's (a viewer in a tile has nobody to type a password).
     */
    public List<String> viewerArgv(List<String> remote, Duration connectTimeout) {
        return argv(remote, connectTimeout, List.of("-t"));
    }

    /** ssh expands %C to a hash of the connection (local host, remote host, port, user). */
    String controlPath() {
        return controlDir.resolve("ssh-%C").toString();
    }

    /** What ssh left: its exit (255: ssh itself failed), stdout (at most {@link #MAX_ANSWER}) and stderr. */
    public record Answer(int exit, byte[] out, String err, boolean truncated) {
        /** ssh's own complaint (or the remote's), one line. */
        public String why() {
            String e = err.strip();
            int nl = e.lastIndexOf('\n');
            String last = nl < 0 ? e : e.substring(nl + 1);
            return last.isEmpty() ? "ssh exited " + exit : HostName.printable(last);
        }
    }

    /** Thrown when ssh cannot start or does not finish within the timeout (the process is killed). */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String why) {
            super(why);
        }
    }

    public Answer run(List<String> remote, Duration timeout) {
        // ssh's own connect timeout fires first, so a host that does not answer gets ssh's reason, not ours
        return run(remote, timeout.minusSeconds(1), timeout);
    }

    /** {@code remote} with ssh's own connect timeout apart from the whole call's (a command that runs long). */
    public Answer run(List<String> remote, Duration connectTimeout, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv(remote, connectTimeout));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new Failed("cannot run ssh: " + e.getMessage());
        }
        Bounded out = new Bounded(p.getInputStream(), MAX_ANSWER);
        Bounded err = new Bounded(p.getErrorStream(), MAX_ERR);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new Failed("no answer within " + timeout.toMillis() + " ms");
            }
            // a master going to the background may hold stderr open: the exit is the end, the rest a grace
            out.join(500);
            err.join(100);
            if (out.overflowed) p.destroyForcibly();
            return new Answer(p.exitValue(), out.bytes(), new String(err.bytes(), StandardCharsets.UTF_8), out.overflowed);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }

    /** Reads a stream on its own thread, keeping at most {@code max} bytes (the rest is drained). */
    private static final class Bounded {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final Thread thread;
        private volatile boolean overflowed;

        Bounded(InputStream in, int max) {
            thread = new Thread(() -> {
                byte[] b = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(b)) >= 0; ) {
                        synchronized (buf) {
                            int keep = Math.min(n, max - buf.size());
                            if (keep > 0) buf.write(b, 0, keep);
                            if (keep < n) overflowed = true;
                        }
                    }
                } catch (IOException e) {
                    // the process is gone; what was read stands
                }
            }, "fleet-ssh-reader");
            thread.setDaemon(true);
            thread.start();
        }

        void join(long ms) throws InterruptedException {
            thread.join(ms);
        }

        byte[] bytes() {
            synchronized (buf) {
                return buf.toByteArray();
            }
        }
    }
}
