package dev.fleet.core.daemon;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.Ids;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The hotkey's fast lane. A JVM needs 70–100 ms before it can speak on a Unix socket (the JDK's
 * socket classes start the security providers), more than the whole budget of a hotkey; so the
 * launcher script sends {@code switch}, {@code next} and {@code ls --json} here itself, without
 * starting Java: one request line written to the FIFO {@code fleet.<pid>.fifo} beside the socket,
 * naming a reply FIFO the script made. Same requests and the same handling as the socket; the reply is
 * in a form a shell reads exactly: {@code "<exit> <stdout bytes> <stderr bytes>\n"} then the two
 * texts. {@code "fallback 0 0"} sends the script to the JVM path (a request this lane does not take).
 *
 * <p>Access is the directory's, as for the socket's file: the directory is 0700, the FIFO 0600, and a
 * reply FIFO must be a FIFO of the daemon's own user inside that directory. Requests are one line of at
 * most 4 KiB (PIPE_BUF: written atomically, so concurrent writers never interleave).
 */
final class FifoLane implements AutoCloseable {
    static final int MAX_LINE = 4096;
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
    private RandomAccessFile reader;

    FifoLane(Path dir, DaemonServer server, Consumer<String> log) {
        this.dir = dir;
        this.fifo = dir.resolve("fleet." + ProcessHandle.current().pid() + ".fifo");
        this.server = server;
        this.log = log;
    }

    /** The name carries the pid so the script can tell a live daemon's FIFO from a crashed one's. */
    static Path fifoOf(Path dir, long pid) {
        return dir.resolve("fleet." + pid + ".fifo");
    }

    void start() throws IOException {
        removeStale();
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("mkfifo", "-m", "600", fifo.toString()));
        if (!r.ok()) throw new IOException("mkfifo " + fifo + ": " + r.firstErrorLine());
        // read-write: the open does not wait for a writer, and the lane never sees end-of-file
        reader = new RandomAccessFile(fifo.toFile(), "rw");
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
        Map<String, Object> req;
        try {
            req = Json.parseObject(line);
        } catch (RuntimeException e) {
            return; // nobody to answer: the reply FIFO is named inside the request
        }
        Path reply = replyPath(req.get("reply"));
        if (reply == null) {
            log.accept("fifo: refused a request without a reply FIFO of ours in " + dir);
            return;
        }
        byte[] answer = answer(req);
        // Opening a FIFO for writing waits for its reader; a client that died first must not hold a thread.
        Future<?> w = pool.submit(() -> {
            try (OutputStream out = new FileOutputStream(reply.toFile())) {
                out.write(answer);
            } catch (IOException e) {
                // the client went away
            }
        });
        try {
            w.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            w.cancel(true);
            try (FileInputStream unblock = new FileInputStream(reply.toFile())) {
                // opening the read end releases the blocked writer
            } catch (IOException ignored) {
                // gone
            }
        }
    }

    /** The reply FIFO, only when it is a FIFO of this user directly in the private directory. */
    private Path replyPath(Object v) {
        if (!(v instanceof String s)) return null;
        Path p = Path.of(s);
        if (!dir.equals(p.getParent()) || !REPLY_NAME.matcher(p.getFileName().toString()).matches()) return null;
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Object uid = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            boolean isFifo = mode instanceof Integer m && (m & 0170000) == 0010000;
            return isFifo && Integer.valueOf(Ids.uid()).equals(uid) ? p : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The socket's handling, as a shell reads it. */
    private byte[] answer(Map<String, Object> req) {
        Object op = req.get("op");
        if (!"list".equals(op) && !"switch".equals(op) && !"next".equals(op) && !"table".equals(op)) return raw(-1, "", "");
        Map<String, Object> r;
        try {
            r = server.handle(req);
        } catch (RuntimeException e) {
            return raw(-1, "", ""); // protocol-level refusals (another config dir, bad request): the JVM path decides
        }
        if (!Boolean.TRUE.equals(r.get("ok"))) return raw(-1, "", "");
        if ("list".equals(op)) {
            Object agents = r.get("agents");
            String json = agents instanceof DaemonServer.RawJson rj ? rj.json : Json.write(agents);
            return raw(0, Json.writePretty(Json.parse(json)) + "\n", "");
        }
        Object exit = r.get("exit");
        if (!(exit instanceof Number n)) return raw(-1, "", "");
        return raw(n.intValue(), String.valueOf(r.getOrDefault("stdout", "")), String.valueOf(r.getOrDefault("stderr", "")));
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
    }
}
