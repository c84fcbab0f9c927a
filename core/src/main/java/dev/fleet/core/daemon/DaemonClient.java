package dev.fleet.core.daemon;

import dev.fleet.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A client of the daemon on the JDK's own Unix-domain channels (JDK 16+): no native library to
 * extract, nothing but jackson-core besides the JDK, so the hotkey path stays small. Not thread-safe.
 */
public final class DaemonClient implements AutoCloseable {
    private final SocketChannel ch;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
    private java.util.function.BooleanSupplier alive;
    private volatile String gaveUp;

    private DaemonClient(SocketChannel ch) {
        this.ch = ch;
        in.flip();
    }

    /** Connects; throws when no daemon listens there (no socket file, or a stale one). */
    public static DaemonClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e instanceof IOException ? (IOException) e : new IOException(e.getMessage(), e);
        }
        return new DaemonClient(ch);
    }

    /**
     * While waiting for a reply, asks {@code alive} every 50 ms and gives up as soon as it says no
     * (the daemon was stopped or killed): a frozen daemon costs a moment, not the whole timeout.
     */
    public DaemonClient watching(java.util.function.BooleanSupplier alive) {
        this.alive = alive;
        return this;
    }

    /** Sends one request and reads its reply; the connection is closed if no reply comes within {@code timeout}. */
    public Map<String, Object> call(Map<String, Object> request, Duration timeout) throws IOException {
        send(request);
        String reply = readLine(timeout);
        if (reply == null) throw new IOException("the daemon closed the connection without replying");
        return Json.parseObject(reply);
    }

    public void send(Map<String, Object> request) throws IOException {
        sendRaw(Json.write(request) + "\n");
    }

    /** Writes text as is (tests use it for malformed requests). */
    public void sendRaw(String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) ch.write(b);
    }

    /** The next line (without its newline), or null at end of stream; closes the connection on timeout. */
    public String readLine(Duration timeout) throws IOException {
        Thread watchdog = null;
        if (timeout != null) {
            gaveUp = "no reply from the daemon within " + timeout.toMillis() + " ms";
            java.util.function.BooleanSupplier check = alive;
            watchdog = new Thread(() -> {
                try {
                    long end = System.nanoTime() + timeout.toNanos();
                    for (long left; (left = end - System.nanoTime()) > 0; ) {
                        Thread.sleep(Math.max(1, Math.min(50, left / 1_000_000)));
                        if (check != null && !check.getAsBoolean()) {
                            gaveUp = "the daemon stopped answering (stopped or gone)";
                            break;
                        }
                    }
                    ch.close(); // unblocks the read below with AsynchronousCloseException
                } catch (InterruptedException | IOException e) {
                    // done in time
                }
            }, "fleet-client-timeout");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        try {
            line.reset();
            while (true) {
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b == '\n') return line.toString(StandardCharsets.UTF_8);
                    line.write(b);
                }
                in.clear();
                int n = ch.read(in);
                in.flip();
                if (n < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
        } catch (java.nio.channels.AsynchronousCloseException e) {
            throw new IOException(gaveUp);
        } finally {
            if (watchdog != null) watchdog.interrupt();
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
