package dev.fleet.kitty;

import dev.fleet.core.json.Json;
import dev.fleet.core.json.JsonException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * kitty's remote-control protocol spoken on its socket (docs: rc_protocol; kitty/rc/*.py): one
 * command per connection, framed as {@code ESC P @kitty-cmd <json> ESC \} both ways. This is what
 * {@code kitty @ --to ADDRESS CMD} does, without the ~450 ms of starting kitty's client.
 *
 * <p>Filesystem sockets go through the JDK's own unix channels; abstract names ({@code unix:@name})
 * through junixsocket, since the JDK cannot address the abstract namespace.
 */
public final class KittyClient {
    /**
     * The protocol version fleet claims. kitty refuses a client whose major.minor is newer than itself,
     * and every field fleet sends exists since 0.26 (Debian 12's kitty), so 0.26 keeps both old and
     * current kitty working.
     */
    public static final List<Integer> PROTOCOL_VERSION = List.of(0, 26, 0);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final byte[] PREFIX = "\u001bP@kitty-cmd".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\u001b\\".getBytes(StandardCharsets.US_ASCII);
    /** A sane bound on an answer (an {@code ls} of hundreds of windows with their environments is a few MB). */
    private static final int MAX_REPLY = 64 << 20;

    private final KittyAddress address;
    private final Duration timeout;

    public KittyClient(KittyAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    /** @throws KittyException when {@code listenOn} is not an address */
    public static KittyClient of(String listenOn) {
        return new KittyClient(KittyAddress.parse(listenOn), DEFAULT_TIMEOUT);
    }

    public KittyAddress address() {
        return address;
    }

    // ---- commands ----------------------------------------------------------------------------------------

    /** Every OS window with its tabs and windows. */
    public List<KittyOsWindow> ls() {
        Object data = call("ls", Map.of()).get("data");
        if (!(data instanceof String s)) throw protocol("ls", "its answer has no data");
        try {
            return KittyOsWindow.parseList(s);
        } catch (JsonException e) {
            throw protocol("ls", "its data is not a window tree (" + e.getMessage() + ")");
        }
    }

    /** Makes the window active in its tab, its tab active and its OS window focused. */
    public void focusWindow(long windowId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("match", "id:" + windowId);
        call("focus-window", p);
    }

    /**
     * The text of a window.
     *
     * @param match  a window match such as {@code id:3}
     * @param extent "screen" (what is visible), "all" (with scrollback), "selection", …
     */
    public String getText(String match, String extent) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("match", match);
        p.put("extent", extent);
        Object data = call("get-text", p).get("data");
        return data instanceof String s ? s : "";
    }

    /** Opens a window, tab or OS window; returns the new kitty window's id. */
    public long launch(KittyLaunch spec) {
        Object data = call("launch", spec.payload()).get("data");
        if (data != null) {
            try {
                long id = Long.parseLong(String.valueOf(data).trim());
                if (id > 0) return id;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw protocol("launch", "it did not return the new window's id (got " + data + ")");
    }

    /** Closes the windows matching {@code match} (e.g. {@code id:4}); an error when none matches. */
    public void closeWindow(String match) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("match", match);
        call("close-window", p);
    }

    /**
     * Sends one command kitty never answers ({@code send-text}: kitty's own client sends it with
     * {@code no_response}, and kitty replies to it with nothing, not even an error); returns once it is
     * written. A window that does not match is then silently not typed into: callers match a window
     * they have just seen in {@code ls}.
     */
    public void tell(String cmd, Map<String, Object> payload) {
        send(cmd, payload, true);
    }

    /**
     * Sends one command and returns kitty's answer ({@code ok} is true; {@code data} as kitty sent it).
     *
     * @throws KittyException with a one-line message for every failure, kitty's own error text included
     */
    public Map<String, Object> call(String cmd, Map<String, Object> payload) {
        byte[] reply = send(cmd, payload, false);
        Map<String, Object> answer;
        try {
            answer = Json.parseObject(unframe(cmd, reply));
        } catch (JsonException e) {
            throw protocol(cmd, "its answer is not JSON (" + e.getMessage() + ")");
        }
        if (!Json.bool(answer, "ok", false)) throw refusal(cmd, Json.str(answer, "error"));
        return answer;
    }

    /**
     * One request, framed as kitty's own client frames it (ESC P @kitty-cmd JSON ESC \); kitty's answer,
     * or nothing with {@code noReply} ({@code no_response} in the request: returns once it is written).
     */
    private byte[] send(String cmd, Map<String, Object> payload, boolean noReply) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("cmd", cmd);
        msg.put("version", PROTOCOL_VERSION);
        if (noReply) msg.put("no_response", true);
        msg.put("payload", payload);
        byte[] json = Json.write(msg).getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[PREFIX.length + json.length + SUFFIX.length];
        System.arraycopy(PREFIX, 0, frame, 0, PREFIX.length);
        System.arraycopy(json, 0, frame, PREFIX.length, json.length);
        System.arraycopy(SUFFIX, 0, frame, PREFIX.length + json.length, SUFFIX.length);
        return exchange(cmd, frame, noReply);
    }

    // ---- framing -----------------------------------------------------------------------------------------

    private String unframe(String cmd, byte[] reply) {
        int start = indexOf(reply, PREFIX, 0);
        int end = start < 0 ? -1 : indexOf(reply, SUFFIX, start + PREFIX.length);
        if (start < 0 || end < 0) throw protocol(cmd, "its answer is not framed as ESC P @kitty-cmd … ESC \\");
        return new String(reply, start + PREFIX.length, end - start - PREFIX.length, StandardCharsets.UTF_8);
    }

    /** True once {@code buf} holds a whole answer: kitty's JSON escapes ESC, so the first ESC \ ends it. */
    private static boolean complete(ByteArrayOutputStream buf) {
        byte[] b = buf.toByteArray();
        return b.length >= PREFIX.length + SUFFIX.length && indexOf(b, SUFFIX, PREFIX.length) >= 0;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    // ---- transport ---------------------------------------------------------------------------------------

    /** {@code writeOnly}: the exchange ends once the frame is written ({@link #tell}); a parameter, as threads share a client. */
    private byte[] exchange(String cmd, byte[] frame, boolean writeOnly) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            switch (address.kind()) {
                case UNIX_PATH:
                    return exchangeChannel(cmd, frame, deadline, writeOnly);
                case UNIX_ABSTRACT:
                    return exchangeSocket(cmd, AFUNIXSocket.newInstance(),
                            AFUNIXSocketAddress.inAbstractNamespace(address.target()), frame, deadline, writeOnly);
                default:
                    return exchangeSocket(cmd, new Socket(), new InetSocketAddress(address.target(), address.port()),
                            frame, deadline, writeOnly);
            }
        } catch (KittyException e) {
            throw e;
        } catch (SocketTimeoutException e) {
            throw timeout(cmd);
        } catch (ConnectException e) {
            throw refused(e);
        } catch (NoSuchFileException e) {
            throw noSocket();
        } catch (AccessDeniedException e) {
            throw permission();
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("No such file")) throw noSocket();
            if (m.contains("Connection refused")) throw refused(e);
            if (m.contains("Permission denied")) throw permission();
            if (m.contains("Broken pipe") || m.contains("reset by peer")) throw closedEarly(cmd);
            throw new KittyException(KittyException.Kind.IO, "kitty: " + address + ": " + oneLine(m));
        }
    }

    /** A socket file, with the JDK's unix channel; non-blocking with a selector for the timeout. */
    private byte[] exchangeChannel(String cmd, byte[] frame, long deadline, boolean writeOnly) throws IOException {
        if (!Files.exists(address.path())) throw noSocket();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            // A unix connect completes or fails at once (no handshake to wait for).
            ch.connect(UnixDomainSocketAddress.of(address.path()));
            ch.configureBlocking(false);
            try (Selector sel = Selector.open()) {
                SelectionKey key = ch.register(sel, SelectionKey.OP_WRITE);
                ByteBuffer out = ByteBuffer.wrap(frame);
                while (out.hasRemaining()) {
                    if (ch.write(out) == 0) await(sel, deadline, cmd);
                }
                if (writeOnly) return new byte[0];
                key.interestOps(SelectionKey.OP_READ);
                ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
                ByteBuffer in = ByteBuffer.allocate(64 * 1024);
                while (true) {
                    int n = ch.read(in);
                    if (n < 0) break;
                    if (n == 0) {
                        await(sel, deadline, cmd);
                        continue;
                    }
                    buf.write(in.array(), 0, in.position());
                    in.clear();
                    if (buf.size() > MAX_REPLY) throw protocol(cmd, "its answer exceeds " + (MAX_REPLY >> 20) + " MiB");
                    if (complete(buf)) return buf.toByteArray();
                }
                if (buf.size() == 0) throw closedEarly(cmd);
                return buf.toByteArray();
            }
        }
    }

    private void await(Selector sel, long deadline, String cmd) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 || sel.select(left) == 0 && System.nanoTime() >= deadline) throw timeout(cmd);
        sel.selectedKeys().clear();
    }

    /** A stream socket: junixsocket's for abstract names, the JDK's for tcp. */
    private byte[] exchangeSocket(String cmd, Socket s, SocketAddress to, byte[] frame, long deadline, boolean writeOnly)
            throws IOException {
        try (s) {
            s.connect(to, (int) Math.max(1, remainingMs(deadline, cmd)));
            OutputStream out = s.getOutputStream();
            out.write(frame);
            out.flush();
            if (writeOnly) return new byte[0];
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
            byte[] chunk = new byte[64 * 1024];
            while (true) {
                s.setSoTimeout((int) remainingMs(deadline, cmd));
                int n = in.read(chunk);
                if (n < 0) break;
                buf.write(chunk, 0, n);
                if (buf.size() > MAX_REPLY) throw protocol(cmd, "its answer exceeds " + (MAX_REPLY >> 20) + " MiB");
                if (complete(buf)) return buf.toByteArray();
            }
            if (buf.size() == 0) throw closedEarly(cmd);
            return buf.toByteArray();
        }
    }

    private long remainingMs(long deadline, String cmd) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) throw timeout(cmd);
        return left;
    }

    // ---- one-line errors ---------------------------------------------------------------------------------

    private KittyException noSocket() {
        return new KittyException(KittyException.Kind.NO_SOCKET, "kitty: no socket at " + address.target()
                + " (that kitty has exited, or was started without --listen-on/listen_on)");
    }

    private KittyException refused(IOException e) {
        String what = address.kind() == KittyAddress.Kind.UNIX_ABSTRACT
                ? "nothing listens on " + address
                : address + " refused the connection";
        return new KittyException(KittyException.Kind.REFUSED, "kitty: " + what + " (that kitty has exited)");
    }

    private KittyException permission() {
        return new KittyException(KittyException.Kind.PERMISSION,
                "kitty: no permission to connect to " + address + " (a kitty of another user?)");
    }

    private KittyException timeout(String cmd) {
        return new KittyException(KittyException.Kind.TIMEOUT, "kitty: " + address + " did not answer " + cmd
                + " within " + timeout.toMillis() + " ms (kitty hung, or waiting for a password prompt?)");
    }

    private KittyException closedEarly(String cmd) {
        return new KittyException(KittyException.Kind.PROTOCOL, "kitty: " + address
                + " closed the connection without answering " + cmd + " (remote control refused?)");
    }

    private KittyException protocol(String cmd, String what) {
        return new KittyException(KittyException.Kind.PROTOCOL, "kitty: " + address + " answered " + cmd + ", but " + what);
    }

    private KittyException refusal(String cmd, String error) {
        String text = error == null || error.isBlank() ? "failed without a reason" : oneLine(error);
        KittyException.Kind kind = KittyException.Kind.COMMAND;
        if (text.startsWith("Remote control is disabled") || text.contains("allowed over a socket only")
                || text.contains("rejected this password") || text.contains("disallowed by")) {
            kind = KittyException.Kind.DISABLED;
            return new KittyException(kind, "kitty: " + address + " refused " + cmd + ": " + text
                    + " (kitty.conf: " + KittyFocuser.ENABLE_REMOTE_CONTROL + ")");
        } else if (text.contains("newer than this kitty")) {
            kind = KittyException.Kind.VERSION;
        }
        return new KittyException(kind, "kitty: " + address + ": " + cmd + ": " + text);
    }

    private static String oneLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
