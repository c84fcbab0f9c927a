package dev.fleet.kitty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire format against a stand-in kitty on a socket file: what fleet sends for each command, and how
 * it reads answers that are late, cut short or not kitty's. The real-kitty tests cover real answers.
 */
class KittyProtocolTest {
    static final String ESC = "\u001b";
    Path dir;
    Path sock;
    ServerSocketChannel server;
    final List<Map<String, Object>> received = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        dir = Files.createTempDirectory("fleet-kitty-proto-");
        sock = dir.resolve("fake.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        Files.deleteIfExists(sock);
        Files.deleteIfExists(dir);
    }

    /** Serves one connection: reads one framed command, records it, writes {@code reply(cmd)} raw. */
    CompletableFuture<Void> serveOnce(Function<Map<String, Object>, String> reply) {
        return CompletableFuture.runAsync(() -> {
            try (SocketChannel c = server.accept()) {
                ByteArrayOutputStream in = new ByteArrayOutputStream();
                ByteBuffer b = ByteBuffer.allocate(4096);
                while (!in.toString(StandardCharsets.UTF_8).endsWith(ESC + "\\")) {
                    b.clear();
                    if (c.read(b) < 0) break;
                    in.write(b.array(), 0, b.position());
                }
                String s = in.toString(StandardCharsets.UTF_8);
                assertTrue(s.startsWith(ESC + "P@kitty-cmd"), s);
                Map<String, Object> cmd = Json.parseObject(s.substring(12, s.length() - 2));
                synchronized (received) {
                    received.add(cmd);
                }
                String r = reply.apply(cmd);
                if (r != null) c.write(ByteBuffer.wrap(r.getBytes(StandardCharsets.UTF_8)));
                if (r != null && r.equals("HANG")) Thread.sleep(3000);
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
    }

    static String frame(Object answer) {
        return ESC + "P@kitty-cmd" + Json.write(answer) + ESC + "\\";
    }

    KittyClient client(long timeoutMs) {
        return new KittyClient(KittyAddress.parse("unix:" + sock), Duration.ofMillis(timeoutMs));
    }

    @Test
    void commandsAreFramedWithVersionAndPayload() throws Exception {
        CompletableFuture<Void> f = serveOnce(c -> frame(Map.of("ok", true, "data", "7")));
        long id = client(2000).launch(KittyLaunch.of("tab", List.of("claude", "--resume"))
                .withTitle("agent").withCwd("/srv").inTab("id:2", "vsplit").withEnv(List.of("A=1")).keepingFocus());
        f.get(5, TimeUnit.SECONDS);
        assertEquals(7, id);
        Map<String, Object> cmd = received.get(0);
        assertEquals("launch", cmd.get("cmd"));
        assertEquals(List.of(0L, 26L, 0L), cmd.get("version"));
        assertEquals(Map.of("args", List.of("claude", "--resume"), "type", "tab", "window_title", "agent", "cwd", "/srv",
                "match", "id:2", "location", "vsplit", "env", List.of("A=1"), "keep_focus", true), cmd.get("payload"));
    }

    @Test
    void focusGetTextCloseSendKittysFieldNames() throws Exception {
        CompletableFuture<Void> f = serveOnce(c -> frame(Map.of("ok", true)));
        client(2000).focusWindow(5);
        f.get(5, TimeUnit.SECONDS);
        f = serveOnce(c -> frame(Map.of("ok", true, "data", "hello\n")));
        assertEquals("hello\n", client(2000).getText("id:5", "all"));
        f.get(5, TimeUnit.SECONDS);
        f = serveOnce(c -> frame(Map.of("ok", true)));
        client(2000).closeWindow("id:5");
        f.get(5, TimeUnit.SECONDS);
        assertEquals("focus-window", received.get(0).get("cmd"));
        assertEquals(Map.of("match", "id:5"), received.get(0).get("payload"));
        assertEquals(Map.of("match", "id:5", "extent", "all"), received.get(1).get("payload"));
        assertEquals("close-window", received.get(2).get("cmd"));
        assertEquals(Map.of("match", "id:5"), received.get(2).get("payload"));
    }

    @Test
    void lsDataIsJsonInAStringAndCurrentKittyFieldNamesAreRead() throws Exception {
        // Current kitty says is_active for tabs and windows (0.26: is_active_tab, is_active_window).
        String tree = Json.write(List.of(Map.of("id", 1, "platform_window_id", 4194317, "is_active", true,
                "is_focused", false, "tabs", List.of(Map.of("id", 2, "is_active", true, "is_focused", false,
                        "title", "t", "windows", List.of(Map.of("id", 3, "is_active", true, "is_focused", false,
                                "pid", 42, "title", "w", "cmdline", List.of("sh"),
                                "foreground_processes", List.of(Map.of("pid", 43, "cmdline", List.of("claude"))))))))));
        CompletableFuture<Void> f = serveOnce(c -> frame(Map.of("ok", true, "data", tree)));
        List<KittyOsWindow> l = client(2000).ls();
        f.get(5, TimeUnit.SECONDS);
        assertEquals(Map.of(), received.get(0).get("payload"));
        KittyOsWindow os = l.get(0);
        assertEquals(4194317L, os.platformWindowId());
        KittyTab t = os.tabs().get(0);
        assertTrue(t.active());
        KittyWindow w = t.windows().get(0);
        assertTrue(w.active());
        assertFalse(w.focused());
        assertEquals(List.of(43), w.foregroundPids());
    }

    @Test
    void noAnswerInTimeIsATimeout() throws Exception {
        CompletableFuture<Void> f = serveOnce(c -> "HANG");
        long t = System.nanoTime();
        KittyException e = assertThrows(KittyException.class, () -> client(300).ls());
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertEquals(KittyException.Kind.TIMEOUT, e.kind());
        // the lower bound is the point (it waited); the upper one only leaves room for a loaded machine
        assertTrue(ms >= 290 && ms < 10_000, ms + " ms");
        assertEquals("kitty: unix:" + sock + " did not answer ls within 300 ms (kitty hung, or waiting for a password"
                + " prompt?)", e.getMessage());
        f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closedWithoutAnswer() throws Exception {
        CompletableFuture<Void> f = serveOnce(c -> null);
        KittyException e = assertThrows(KittyException.class, () -> client(2000).focusWindow(1));
        assertEquals(KittyException.Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("closed the connection without answering focus-window"), e.getMessage());
        f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void notKittysFramingAndVersionRefusal() throws Exception {
        CompletableFuture<Void> f = serveOnce(c -> "HTTP/1.0 400 Bad Request\r\n\r\n");
        KittyException e = assertThrows(KittyException.class, () -> client(2000).ls());
        assertEquals(KittyException.Kind.PROTOCOL, e.kind());
        f.get(5, TimeUnit.SECONDS);
        f = serveOnce(c -> frame(Map.of("ok", false, "error", "The kitty client you are using to send remote commands"
                + " is newer than this kitty instance. This is not supported.")));
        e = assertThrows(KittyException.class, () -> client(2000).ls());
        assertEquals(KittyException.Kind.VERSION, e.kind());
        f.get(5, TimeUnit.SECONDS);
        f = serveOnce(c -> frame(Map.of("ok", false, "error", "boom\nTraceback (most recent call last):\n  ...",
                "tb", "Traceback")));
        e = assertThrows(KittyException.class, () -> client(2000).ls());
        assertEquals("kitty: unix:" + sock + ": ls: boom", e.getMessage(), "one line, no traceback");
        f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void addresses() {
        assertEquals(KittyAddress.Kind.UNIX_PATH, KittyAddress.parse("unix:/tmp/kitty-12").kind());
        assertEquals(Path.of("/tmp/kitty-12"), KittyAddress.parse("unix:/tmp/kitty-12").path());
        KittyAddress a = KittyAddress.parse("unix:@mykitty");
        assertEquals(KittyAddress.Kind.UNIX_ABSTRACT, a.kind());
        assertEquals("mykitty", a.target());
        KittyAddress t = KittyAddress.parse("tcp:localhost:12345");
        assertEquals("localhost", t.target());
        assertEquals(12345, t.port());
        for (String bad : List.of("", "unix:", "fd:3", "tcp:nohost", "/tmp/kitty")) {
            KittyException e = assertThrows(KittyException.class, () -> KittyAddress.parse(bad), bad);
            assertEquals(KittyException.Kind.BAD_ADDRESS, e.kind());
        }
        assertNull(KittyLocator.Hint.from(Map.of("KITTY_WINDOW_ID", "3")), "a window id alone names no kitty");
    }
}
