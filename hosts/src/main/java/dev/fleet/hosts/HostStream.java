package dev.fleet.hosts;

import dev.fleet.commands.RemoteAgents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The daemon's one long-lived connection to a host: {@code ssh … host env FLEET_NO_HOSTS=1 fleet __stream},
 * its lines read (each at most {@link #MAX_LINE} bytes) into a {@link StreamPicture}. When the stream ends
 * (ssh's keepalives failed, sshd went, the remote daemon stopped, a bad line, or no line for
 * {@link #SILENCE} though the remote daemon pings every 30 s) the host's agents are kept and marked stale,
 * and it reconnects after 1 s, doubling to 30 s, plus up to half again of jitter; the next snapshot
 * replaces the picture.
 */
final class HostStream {
    static final int MAX_LINE = SshHost.MAX_ANSWER;
    static final Duration SILENCE = Duration.ofSeconds(75);
    private static final long FIRST_BACKOFF_MS = 1_000, MAX_BACKOFF_MS = 30_000;

    private final HostsFile.Entry entry;
    private final Path control;
    private final Consumer<String> log;
    private final StreamPicture picture;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Process process;
    private volatile long lastLine = System.nanoTime();
    private volatile String stale = "not connected yet";
    /** Until the first connection streamed or failed: nothing is known of the host yet. */
    private volatile boolean firstAttempt = true;

    HostStream(HostsFile.Entry entry, Path control, Consumer<String> log, Consumer<java.util.Map<String, Object>> changes) {
        this.entry = entry;
        this.control = control;
        this.log = log;
        this.picture = new StreamPicture(entry.destination(), changes);
        this.thread = new Thread(this::loop, "fleet-stream-" + entry.destination());
        thread.setDaemon(true);
    }

    HostStream start() {
        thread.start();
        return this;
    }

    boolean firstAttempt() {
        return firstAttempt;
    }

    HostsFile.Entry entry() {
        return entry;
    }

    RemoteAgents.Listing listing() {
        String why = stale;
        return new RemoteAgents.Listing(entry.destination(), picture.agents(why), why);
    }

    /** Called every few seconds: a stream silent for {@link #SILENCE} is a dead one whose ssh did not notice. */
    void checkSilence() {
        Process p = process;
        if (p != null && System.nanoTime() - lastLine > SILENCE.toNanos()) {
            log.accept("host " + entry.destination() + ": no line for " + SILENCE.toSeconds() + " s; reconnecting");
            p.destroyForcibly();
        }
    }

    /** Ends the stream and says its agents are gone (the host left the hosts file). */
    void remove() {
        close();
        picture.forget();
    }

    void close() {
        closed = true;
        thread.interrupt();
        Process p = process;
        if (p != null) p.destroyForcibly();
    }

    private void loop() {
        long backoff = FIRST_BACKOFF_MS;
        while (!closed) {
            if (connectOnce()) backoff = FIRST_BACKOFF_MS; // it streamed: the next failure is a fresh one
            if (closed) return;
            long wait = backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return; // closed
            }
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /** One connection, to its end; true when a snapshot came (the host was reachable and fleet ran there). */
    private boolean connectOnce() {
        List<String> remote = new ArrayList<>(List.of("env", SshRemoteAgents.NO_HOSTS + "=1"));
        remote.addAll(entry.fleet());
        remote.add(StreamCommand.NAME);
        ProcessBuilder pb = new ProcessBuilder(new SshHost(entry.destination(), control).streamArgv(remote, Duration.ofSeconds(5)));
        // stdin stays an open pipe: the remote __stream ends when it closes (this process killed, the daemon stopped)
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            markStale("cannot run ssh: " + e.getMessage());
            return false;
        }
        process = p;
        lastLine = System.nanoTime();
        picture.reconnecting();
        StringBuilder err = new StringBuilder();
        Thread errReader = drain(p.getErrorStream(), err);
        boolean streamed = false;
        String why = null;
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; !closed && (n = in.read(buf)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        if (line.size() >= MAX_LINE) throw new RemoteListing.Malformed("a line of its stream is longer than " + (MAX_LINE >> 20) + " MiB");
                        line.write(buf[i]);
                        continue;
                    }
                    lastLine = System.nanoTime();
                    if (picture.apply(line.toString(StandardCharsets.UTF_8))) {
                        if (!streamed) log.accept("host " + entry.destination() + ": streaming");
                        streamed = true;
                        stale = null;
                        firstAttempt = false;
                    }
                    line.reset();
                }
            }
        } catch (RemoteListing.Malformed e) {
            why = e.getMessage();
        } catch (IOException e) {
            // the process went: its exit and stderr say why
        } finally {
            p.destroyForcibly();
            process = null;
        }
        if (closed) return streamed;
        try {
            p.waitFor();
            errReader.join(500);
        } catch (InterruptedException e) {
            return streamed;
        }
        if (why == null) why = reason(p.exitValue(), lastLine(err));
        markStale(why);
        return streamed;
    }

    private void markStale(String why) {
        firstAttempt = false;
        if (!why.equals(stale)) log.accept("host " + entry.destination() + ": " + why + "; its agents are stale, reconnecting");
        stale = why;
        picture.stale(why); // said once per outage, whatever the reason is on each retry
    }

    private String reason(int exit, String err) {
        if (exit == 255) return "unreachable: " + (err.isEmpty() ? "ssh exited 255" : err);
        if (exit == 127) return "no '" + entry.fleet().get(0) + "' on its PATH";
        return "its stream ended" + (err.isEmpty() ? " (exit " + exit + ")" : ": " + err);
    }

    private static String lastLine(StringBuilder err) {
        String e;
        synchronized (err) {
            e = err.toString().strip();
        }
        int nl = e.lastIndexOf('\n');
        return HostName.printable(nl < 0 ? e : e.substring(nl + 1));
    }

    /** ssh's stderr, the last 16 KiB kept: why a stream ended. */
    private static Thread drain(InputStream in, StringBuilder keep) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[4096];
            try (in) {
                for (int n; (n = in.read(b)) >= 0; ) {
                    synchronized (keep) {
                        keep.append(new String(b, 0, n, StandardCharsets.UTF_8));
                        if (keep.length() > 16 << 10) keep.delete(0, keep.length() - (16 << 10));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "fleet-stream-err");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
