package dev.fleet.i3;

import dev.fleet.core.json.Json;
import dev.fleet.core.json.JsonException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client for i3's IPC interface (i3's {@code docs/ipc}), which sway speaks too. A message is the magic
 * {@code "i3-ipc"}, the payload length and the message type as 32-bit integers in the host's byte order,
 * then the payload (a command or JSON). Replies carry the request's type; events carry the event number
 * with the high bit set and only arrive on a connection that subscribed, so {@link #subscribe} opens its
 * own connection.
 *
 * <p>Every read has a deadline: the channel is non-blocking and waits in a {@link Selector}. Not safe for
 * use from several threads at once.
 */
public final class I3Ipc implements AutoCloseable {
    public static final int RUN_COMMAND = 0;
    public static final int GET_WORKSPACES = 1;
    public static final int SUBSCRIBE = 2;
    public static final int GET_TREE = 4;
    public static final int GET_VERSION = 7;
    /** Set in the type of every event. */
    public static final int EVENT_BIT = 0x80000000;

    static final byte[] MAGIC = "i3-ipc".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + 8;
    /** A GET_TREE of a large desktop is a few MiB; anything far beyond is not i3 talking. */
    static final int MAX_PAYLOAD = 64 << 20;

    /** The event names of i3's docs/ipc, indexed by event number (type without the high bit). */
    private static final List<String> EVENT_NAMES = List.of(
            "workspace", "output", "mode", "window", "barconfig_update", "binding", "shutdown", "tick");

    /** One message as read from the socket. */
    public record Frame(int type, byte[] payload) {
        public boolean isEvent() {
            return (type & EVENT_BIT) != 0;
        }
    }

    /** One event of a subscription: its name ("workspace", "window", …) and its JSON body. */
    public record Event(int type, String name, Map<String, Object> body) {
        public String change() {
            return Json.str(body, "change");
        }
    }

    /** One entry of a RUN_COMMAND reply (a command line may hold several commands). */
    public record CommandResult(boolean success, String error, boolean parseError) {}

    private final Path socket;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Duration timeout;

    private I3Ipc(Path socket, SocketChannel channel, Selector selector, SelectionKey key, Duration timeout) {
        this.socket = socket;
        this.channel = channel;
        this.selector = selector;
        this.key = key;
        this.timeout = timeout;
    }

    /**
     * Connects to the socket; {@code timeout} bounds every later read and write.
     * @throws I3IpcException when nothing listens there
     */
    public static I3Ipc connect(Path socket, Duration timeout) {
        SocketChannel ch = null;
        Selector sel = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            // A UNIX-socket connect succeeds or fails at once; only the exchange afterwards needs a deadline.
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            sel = Selector.open();
            SelectionKey k = ch.register(sel, SelectionKey.OP_READ);
            return new I3Ipc(socket, ch, sel, k, timeout);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            closeQuietly(sel);
            throw new I3IpcException("cannot connect to window manager socket " + socket + ": " + reason(e));
        }
    }

    public Path socket() {
        return socket;
    }

    /** Sends one message and returns the payload of its reply. */
    public byte[] request(int type, String payload) {
        send(type, payload);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = readFrame(deadline);
            // An event can only arrive here if someone subscribed on this connection; it is not our reply.
            if (f.isEvent()) continue;
            if (f.type() != type) {
                throw new I3IpcException("window manager at " + socket + " answered message type " + type
                        + " with type " + f.type());
            }
            return f.payload();
        }
    }

    /** GET_VERSION: {@code major}, {@code minor}, {@code human_readable}, and on sway {@code variant}. */
    public Map<String, Object> version() {
        return object(request(GET_VERSION, ""), "GET_VERSION");
    }

    /** GET_TREE: the root container, every node with {@code nodes} and {@code floating_nodes}. */
    public Map<String, Object> tree() {
        return object(request(GET_TREE, ""), "GET_TREE");
    }

    /** GET_WORKSPACES: one map per workspace ({@code num}, {@code name}, {@code focused}, {@code output}, …). */
    public List<Map<String, Object>> workspaces() {
        return objects(request(GET_WORKSPACES, ""), "GET_WORKSPACES");
    }

    /** RUN_COMMAND: one result per command in the line, in order. */
    public List<CommandResult> runCommand(String command) {
        List<CommandResult> out = new ArrayList<>();
        for (Map<String, Object> m : objects(request(RUN_COMMAND, command), "RUN_COMMAND")) {
            out.add(new CommandResult(Json.bool(m, "success", false), Json.str(m, "error"),
                    Json.bool(m, "parse_error", false)));
        }
        return out;
    }

    /** RUN_COMMAND that must succeed: throws with the window manager's own error otherwise. */
    public void command(String command) {
        List<CommandResult> results = runCommand(command);
        if (results.isEmpty()) throw new I3IpcException("window manager ignored command: " + command);
        for (CommandResult r : results) {
            if (!r.success()) {
                String why = r.error() == null ? "failed" : r.error();
                throw new I3IpcException((r.parseError() ? "cannot parse command: " : "")
                        + firstLine(why) + " (command: " + command + ")");
            }
        }
    }

    /**
     * Opens a second connection subscribed to {@code events} ("workspace", "window", …) and delivers each
     * event to {@code listener} on a daemon thread until the subscription is closed or the window manager
     * goes away; {@code onEnd} then gets null (closed) or the one-line reason.
     */
    public static Subscription subscribe(Path socket, Duration timeout, List<String> events,
            java.util.function.Consumer<Event> listener, java.util.function.Consumer<String> onEnd) {
        I3Ipc conn = connect(socket, timeout);
        try {
            Map<String, Object> reply = object(conn.request(SUBSCRIBE, Json.write(events)), "SUBSCRIBE");
            if (!Json.bool(reply, "success", false)) {
                throw new I3IpcException("window manager at " + socket + " refused to subscribe to " + events);
            }
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
        Subscription s = new Subscription(conn, listener, onEnd);
        s.start();
        return s;
    }

    /** A live subscription; closing it closes its connection and ends its thread. */
    public static final class Subscription implements AutoCloseable {
        private final I3Ipc conn;
        private final java.util.function.Consumer<Event> listener;
        private final java.util.function.Consumer<String> onEnd;
        private final Thread thread;
        private volatile boolean closed;

        private Subscription(I3Ipc conn, java.util.function.Consumer<Event> listener,
                java.util.function.Consumer<String> onEnd) {
            this.conn = conn;
            this.listener = listener;
            this.onEnd = onEnd;
            this.thread = new Thread(this::loop, "fleet-i3-events");
            this.thread.setDaemon(true);
        }

        private void start() {
            thread.start();
        }

        private void loop() {
            String reason = null;
            try {
                while (!closed) {
                    Frame f = conn.readFrameUntilClosed(() -> closed);
                    if (f == null) break;
                    if (!f.isEvent()) continue;
                    int n = f.type() & ~EVENT_BIT;
                    String name = n < EVENT_NAMES.size() ? EVENT_NAMES.get(n) : "event-" + n;
                    Map<String, Object> body;
                    try {
                        body = Json.parseObject(f.payload());
                    } catch (JsonException e) {
                        continue; // one garbled event must not end the subscription
                    }
                    try {
                        listener.accept(new Event(f.type(), name, body));
                    } catch (RuntimeException e) {
                        // the listener's own failure; keep delivering
                    }
                }
            } catch (I3IpcException e) {
                if (!closed) reason = e.getMessage();
            } finally {
                conn.close();
                if (onEnd != null) onEnd.accept(reason);
            }
        }

        public boolean isAlive() {
            return thread.isAlive();
        }

        @Override
        public void close() {
            closed = true;
            conn.selector.wakeup();
            if (Thread.currentThread() == thread) return; // closed from the listener itself
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // --- framing ---

    /** Encodes one message: magic, length, type (host byte order), payload. */
    static ByteBuffer encode(int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.nativeOrder());
        b.put(MAGIC).putInt(payload.length).putInt(type).put(payload);
        b.flip();
        return b;
    }

    private void send(int type, String payload) {
        ByteBuffer b = encode(type, payload.getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (b.hasRemaining()) {
                if (channel.write(b) == 0) {
                    key.interestOps(SelectionKey.OP_WRITE);
                    try {
                        waitReady(deadline, "accept a message");
                    } finally {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
            }
        } catch (IOException e) {
            throw new I3IpcException("cannot write to window manager socket " + socket + ": " + reason(e));
        }
    }

    private Frame readFrame(long deadline) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.nativeOrder());
        readFully(header, deadline, null);
        return finishFrame(header, deadline, null);
    }

    /** For subscriptions: waits without a deadline, but returns null once {@code closed} turns true. */
    private Frame readFrameUntilClosed(java.util.function.BooleanSupplier closed) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.nativeOrder());
        if (!readFully(header, Long.MAX_VALUE, closed)) return null;
        // Once a header arrived the rest of the frame follows at once; give it the normal deadline.
        return finishFrame(header, System.nanoTime() + timeout.toNanos(), closed);
    }

    private Frame finishFrame(ByteBuffer header, long deadline, java.util.function.BooleanSupplier closed) {
        header.flip();
        byte[] magic = new byte[MAGIC.length];
        header.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new I3IpcException("window manager socket " + socket + " sent a frame without the i3-ipc magic");
        }
        int length = header.getInt();
        int type = header.getInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new I3IpcException("window manager socket " + socket + " sent an implausible length " + length);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (!readFully(body, deadline, closed)) return null;
        return new Frame(type, body.array());
    }

    /** Fills {@code b}; false only when {@code closed} turned true while waiting. */
    private boolean readFully(ByteBuffer b, long deadline, java.util.function.BooleanSupplier closed) {
        try {
            while (b.hasRemaining()) {
                int n = channel.read(b);
                if (n < 0) throw new I3IpcException("window manager closed its socket " + socket);
                if (n > 0) continue;
                if (closed != null && closed.getAsBoolean()) return false;
                if (deadline == Long.MAX_VALUE) {
                    selector.select(500);
                    selector.selectedKeys().clear();
                } else {
                    waitReady(deadline, "reply");
                }
            }
            return true;
        } catch (IOException e) {
            if (closed != null && closed.getAsBoolean()) return false;
            throw new I3IpcException("cannot read from window manager socket " + socket + ": " + reason(e));
        }
    }

    private void waitReady(long deadline, String what) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new I3IpcException("window manager at " + socket + " did not " + what + " within "
                    + timeout.toMillis() + " ms");
        }
        selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
    }

    // --- helpers ---

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(byte[] payload, String what) {
        Object o = parse(payload, what);
        if (!(o instanceof Map)) throw new I3IpcException(what + " reply is not a JSON object");
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(byte[] payload, String what) {
        Object o = parse(payload, what);
        if (!(o instanceof List)) throw new I3IpcException(what + " reply is not a JSON array");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : (List<Object>) o) if (e instanceof Map) out.add((Map<String, Object>) e);
        return out;
    }

    private static Object parse(byte[] payload, String what) {
        try {
            return Json.parse(payload);
        } catch (JsonException e) {
            throw new I3IpcException(what + " reply is not valid JSON: " + e.getMessage());
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return firstLine(m == null ? e.getClass().getSimpleName() : m);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            // closing after a failure; the failure is what gets reported
        }
    }

    @Override
    public void close() {
        closeQuietly(selector);
        closeQuietly(channel);
    }
}
