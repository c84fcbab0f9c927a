package dev.fleet.daemon;

import dev.fleet.core.daemon.DaemonLiveness;
import dev.fleet.core.daemon.Protocol;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.Ids;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The hotkey's fast lane. A JVM needs 70–100 ms before it can speak on a Unix socket (the JDK's
 * socket classes start the security providers), more than the whole budget of a hotkey; so the
 * launcher script sends the command table's lane forms ({@code switch}, {@code next}, {@code ls}) here itself, without starting
 * Java: one request line written to the FIFO {@code fleet.<pid>.<start ticks>.fifo} beside the socket
 * (the name lets the script tell from /proc/<pid>/stat that this very process still runs and is not
 * stopped, see {@link DaemonLiveness}): {@code "reply.<n>.<m> <json>\n"}, naming a reply FIFO the script made in this
 * directory. The reply name travels outside the JSON, so a request the daemon cannot read still gets
 * its answer. On the reply FIFO: {@code "ack\n"} at once (the script's short deadline: a daemon that
 * cannot even acknowledge is wedged), then {@code "<exit> <stdout bytes> <stderr bytes>\n"} and the two
 * texts. {@code "fallback 0 <n>"} sends the script to the JVM path, the n bytes saying why.
 *
 * <p>Access is the directory's, as for the socket's file: the directory is 0700, the FIFO 0600, and a
 * reply FIFO must be a FIFO of the daemon's own user inside that directory, opened without following
 * a symlink. Requests are one line of at most 4 KiB (PIPE_BUF: written atomically, so concurrent
 * writers never interleave).
 */
final class FifoLane implements AutoCloseable {
    static final int MAX_LINE = 4096;
    /** The ops of the command table's lane forms: nothing else comes this way. */
    private static final java.util.Set<String> LANE_OPS = dev.fleet.commands.CommandTable.laneOps();
    private static final Pattern REPLY_NAME = Pattern.compile("reply\\.[0-9]{1,10}\\.[0-9]{1,10}");

    private final Path dir;
    private final Path fifo;
    private final DaemonServer server;
    private final Consumer<String> log;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fleet-fifo");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private final SpareReplies spares;
    private RandomAccessFile reader;

    /** @param startTicks this process's start time (/proc stat field 22): with the pid, it names this daemon */
    FifoLane(Path dir, long startTicks, DaemonServer server, Consumer<String> log) {
        this.dir = dir;
        this.fifo = dir.resolve("fleet." + ProcessHandle.current().pid() + "." + startTicks + ".fifo");
        this.server = server;
        this.log = log;
        this.spares = new SpareReplies(dir, log);
    }

    void start() throws IOException {
        removeStale();
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("mkfifo", "-m", "600", fifo.toString()));
        if (!r.ok()) throw new IOException("mkfifo " + fifo + ": " + r.firstErrorLine());
        // read-write: the open does not wait for a writer, and the lane never sees end-of-file
        reader = new RandomAccessFile(fifo.toFile(), "rw");
        spares.topUp();
        Thread t = new Thread(this::readLoop, "fleet-fifo-reader");
        t.setDaemon(true);
        t.start();
    }

    /** FIFOs of a daemon that died, and reply FIFOs of launchers killed mid-request. */
    private void removeStale() {
        for (String glob : List.of("fleet.*.fifo", "reply.*")) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                for (Path p : ds) Files.deleteIfExists(p);
            } catch (IOException e) {
                // nothing to remove
            }
        }
    }

    private void readLoop() {
        try {
            LineReader in = new LineReader(new FileInputStream(reader.getFD()), MAX_LINE);
            while (!closed) {
                byte[] line;
                try {
                    line = in.next();
                } catch (LineReader.TooLong e) {
                    log.accept("fifo: a request over " + MAX_LINE + " bytes was dropped");
                    continue;
                }
                if (line == null) return;
                pool.submit(() -> serve(line));
            }
        } catch (IOException e) {
            if (!closed) log.accept("fifo: reading stopped: " + e.getMessage());
        }
    }

    private void serve(byte[] line) {
        int sp = indexOf(line, (byte) ' ');
        String name = new String(line, 0, Math.max(sp, 0), StandardCharsets.US_ASCII);
        Path reply = sp > 0 && REPLY_NAME.matcher(name).matches() ? replyPath(dir.resolve(name)) : null;
        if (reply == null) {
            log.accept("fifo: refused a request without a reply FIFO of ours in " + dir);
            return;
        }
        long t0 = System.nanoTime();
        OutputStream out = open(reply);
        if (out == null) return;
        try {
            // the launcher holds its read end: the name is no longer needed, and removing it here spares the
            // launcher an `rm` process (a hotkey's switch is a few process starts long)
            Files.deleteIfExists(reply);
        } catch (IOException e) {
            // the launcher removes it then
        }
        // An answer ready within ACK_AFTER goes alone (one wake-up of the script: on a loaded machine each
        // costs a time slice); a slower one (a switch focusing windows) is acknowledged first, so the
        // script's short deadline tells a wedged daemon from a busy one.
        Object lock = new Object();
        boolean[] answered = {false};
        ScheduledFuture<?> ack = timer.schedule(() -> {
            synchronized (lock) {
                if (answered[0]) return;
                try {
                    out.write(ACK);
                    out.flush();
                } catch (IOException e) {
                    // the client went away; the answer's write will say so
                }
            }
        }, ACK_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        try (out) {
            long t1 = System.nanoTime();
            byte[] a = answer(Arrays.copyOfRange(line, sp + 1, line.length));
            long t2 = System.nanoTime();
            synchronized (lock) {
                answered[0] = true;
                ack.cancel(false);
                out.write(a);
            }
            if (SpareReplies.isSpare(name)) spares.used(reply);
            if (TIMING) {
                log.accept(String.format("fifo: open %.2f ms, answer %.2f ms, reply written %.2f ms after the request was read",
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (System.nanoTime() - t0) / 1e6));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** FLEET_DEBUG_TIMING=1 in the daemon's environment: each lane request's timing goes to its log. */
    private static final boolean TIMING = "1".equals(System.getenv("FLEET_DEBUG_TIMING"));

    private static final byte[] ACK = "ack\n".getBytes(StandardCharsets.US_ASCII);
    private static final Duration ACK_AFTER = Duration.ofMillis(50);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-fifo-ack");
        t.setDaemon(true);
        return t;
    });

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    /**
     * Opens the reply FIFO for writing, not following a symlink. The script holds its read end open
     * before it writes the request, so this returns at once, on this thread (no handoff: each costs a
     * wake-up, on a loaded machine a time slice). For a client that died first the open would wait for
     * a reader: after 5 s the timer releases it by opening the FIFO itself, read-write (which never
     * waits on a FIFO, so the timer thread cannot hang on it), and the request is given up.
     */
    private OutputStream open(Path reply) {
        AtomicInteger state = new AtomicInteger(OPENING);
        ScheduledFuture<?> release = timer.schedule(() -> {
            if (!state.compareAndSet(OPENING, GAVE_UP)) return;
            try (FileChannel unblock = FileChannel.open(reply, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                // opening a read end releases the blocked writer
            } catch (IOException | RuntimeException ignored) {
                // gone
            }
        }, OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        OutputStream out;
        try {
            out = Files.newOutputStream(reply, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            release.cancel(false);
            return null;
        }
        if (state.compareAndSet(OPENING, OPENED)) {
            release.cancel(false);
            return out;
        }
        try {
            out.close(); // released by the timer: that client is gone
        } catch (IOException e) {
            // closed
        }
        return null;
    }

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);
    private static final int OPENING = 0, OPENED = 1, GAVE_UP = 2;

    /** The reply FIFO, only when it is a FIFO of this user directly in the private directory. */
    private Path replyPath(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            boolean isFifo = mode instanceof Integer m && (m & 0170000) == 0010000;
            return isFifo && Integer.valueOf(Ids.uid()).equals(uid) ? p : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The socket's handling, as a shell reads it. Bytes that are not UTF-8 (an argument like $'\\xff')
     * become U+FFFD, as the JVM path decodes its arguments: the request is still answered.
     */
    private byte[] answer(byte[] json) {
        Map<String, Object> req;
        try {
            req = Json.parseObject(new String(json, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return fallback("the daemon could not read the launcher's request: " + e.getMessage());
        }
        Object op = req.get("op");
        if (!(op instanceof String o) || !LANE_OPS.contains(o)) {
            return fallback("the fast lane does not take op " + op);
        }
        Map<String, Object> r;
        try {
            r = server.handle(req);
        } catch (Protocol.Failure f) {
            return fallback(f.getMessage()); // protocol-level refusals (another config dir, bad request): the JVM path decides
        } catch (RuntimeException e) {
            log.accept("warning: " + op + " failed: " + e);
            return fallback(op + " failed in the daemon: " + e.getMessage());
        }
        if (!Boolean.TRUE.equals(r.get("ok"))) return fallback(String.valueOf(r.get("error")));
        if ("list".equals(op)) {
            Object agents = r.get("agents");
            String json2 = agents instanceof DaemonServer.RawJson rj ? rj.json : Json.write(agents);
            return raw(0, Json.writePretty(Json.parse(json2)) + "\n", "");
        }
        Object exit = r.get("exit");
        if (!(exit instanceof Number n)) return fallback(op + ": the daemon's reply has no exit code");
        return raw(n.intValue(), String.valueOf(r.getOrDefault("stdout", "")), String.valueOf(r.getOrDefault("stderr", "")));
    }

    /** "Take the JVM path", with why (the launcher says it when FLEET_DAEMON_REQUIRED=1); one line. */
    private static byte[] fallback(String why) {
        String line = why == null ? "" : why.lines().findFirst().orElse("");
        return raw(-1, "", line.length() > 300 ? line.substring(0, 300) : line);
    }

    private static byte[] raw(int exit, String out, String err) {
        byte[] o = out.getBytes(StandardCharsets.UTF_8), e = err.getBytes(StandardCharsets.UTF_8);
        String head = (exit < 0 ? "fallback" : Integer.toString(exit)) + " " + o.length + " " + e.length + "\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + o.length + e.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(o, 0, all, h.length, o.length);
        System.arraycopy(e, 0, all, h.length + o.length, e.length);
        return all;
    }

    @Override
    public void close() {
        closed = true;
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            // best effort
        }
        try {
            if (reader != null) reader.close();
        } catch (IOException e) {
            // closed
        }
        pool.shutdownNow();
        timer.shutdownNow();
        spares.close();
    }
}
