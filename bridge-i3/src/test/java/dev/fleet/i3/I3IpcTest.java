package dev.fleet.i3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import dev.fleet.testkit.desktop.Desktop;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The IPC client against a real i3 under Xvfb, and against stand-in servers for what i3 never does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class I3IpcTest {
    private static final Duration T = Duration.ofSeconds(3);
    private Desktop desk;

    @BeforeAll
    void startDesktop() {
        desk = Desktop.start();
        System.out.println("[bridge-i3] Xvfb + i3 up in " + desk.startMillis() + " ms (display " + desk.displayName() + ")");
    }

    @AfterAll
    void stopDesktop() {
        if (desk != null) desk.close();
    }

    @Test
    void versionTreeAndWorkspacesRoundTrip() {
        try (I3Ipc ipc = I3Ipc.connect(desk.socket(), T)) {
            Map<String, Object> v = ipc.version();
            assertEquals(4L, v.get("major"));
            assertEquals(WmKind.I3, WmKind.fromVersion(v));
            Map<String, Object> tree = ipc.tree();
            assertEquals("root", tree.get("type"));
            List<Map<String, Object>> ws = ipc.workspaces();
            assertTrue(ws.stream().anyMatch(w -> Json.bool(w, "focused", false)), "a focused workspace: " + ws);
            // the same connection serves many requests
            assertEquals(4L, ipc.version().get("major"));
        }
    }

    @Test
    void runCommandReportsI3sErrors() {
        try (I3Ipc ipc = I3Ipc.connect(desk.socket(), T)) {
            List<I3Ipc.CommandResult> r = ipc.runCommand("[con_id=987654321] focus");
            assertEquals(1, r.size());
            assertFalse(r.get(0).success());
            assertEquals("No window matches given criteria", r.get(0).error());

            I3IpcException e = assertThrows(I3IpcException.class, () -> ipc.command("frobnicate now"));
            assertTrue(e.getMessage().startsWith("cannot parse command: Expected one of these tokens"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(e.getMessage().endsWith("(command: frobnicate now)"), e.getMessage());
        }
    }

    @Test
    void subscribeDeliversWorkspaceEvents() throws Exception {
        BlockingQueue<I3Ipc.Event> events = new LinkedBlockingQueue<>();
        AtomicReference<String> ended = new AtomicReference<>("not yet");
        I3Ipc.Subscription sub = I3Ipc.subscribe(desk.socket(), T, List.of("workspace"), events::add, ended::set);
        try {
            desk.command("workspace 7");
            // a new workspace: i3 announces "init" for it, then "focus" on it
            List<String> seen = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!seen.contains("focus 7") && System.nanoTime() < deadline) {
                I3Ipc.Event e = events.poll(100, TimeUnit.MILLISECONDS);
                if (e == null) continue;
                assertEquals("workspace", e.name());
                assertEquals(I3Ipc.EVENT_BIT, e.type()); // workspace is event 0
                seen.add(e.change() + " " + Json.str(Json.obj(e.body(), "current"), "name"));
            }
            assertEquals(List.of("init 7", "focus 7"), seen);
        } finally {
            sub.close();
            desk.command("workspace 1");
        }
        assertFalse(sub.isAlive(), "listener thread ends on close");
        assertEquals(null, ended.get(), "a closed subscription ends without an error");
    }

    @Test
    void missingSocketIsOneLineError() {
        Path nowhere = Path.of("/tmp/fleet-no-such-i3-" + System.nanoTime() + ".sock");
        I3IpcException e = assertThrows(I3IpcException.class, () -> I3Ipc.connect(nowhere, T));
        assertTrue(e.getMessage().startsWith("cannot connect to window manager socket " + nowhere + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (FakeServer srv = new FakeServer(false)) {
            long t0 = System.nanoTime();
            try (I3Ipc ipc = I3Ipc.connect(srv.path, Duration.ofMillis(300))) {
                I3IpcException e = assertThrows(I3IpcException.class, ipc::version);
                assertEquals("window manager at " + srv.path + " did not reply within 300 ms", e.getMessage());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // the lower bound is the point (it waited); the upper one only leaves room for a loaded machine
            assertTrue(ms >= 290 && ms < 10_000, "timed out after " + ms + " ms");
        }
    }

    @Test
    void framesUseMagicLengthTypeInNativeOrder() throws Exception {
        try (FakeServer srv = new FakeServer(true)) {
            try (I3Ipc ipc = I3Ipc.connect(srv.path, T)) {
                assertEquals(9L, ipc.version().get("major"), "reply decoded");
            }
            ByteBuffer got = srv.received.get(3, TimeUnit.SECONDS).order(ByteOrder.nativeOrder());
            byte[] magic = new byte[6];
            got.get(magic);
            assertEquals("i3-ipc", new String(magic, StandardCharsets.US_ASCII));
            assertEquals(0, got.getInt(), "empty payload");
            assertEquals(I3Ipc.GET_VERSION, got.getInt());
        }
    }

    /** A one-connection socket server: reads one header, then replies to GET_VERSION or stays silent. */
    private static final class FakeServer implements AutoCloseable {
        final Path path;
        final ServerSocketChannel server;
        final java.util.concurrent.CompletableFuture<ByteBuffer> received = new java.util.concurrent.CompletableFuture<>();
        final Thread thread;

        FakeServer(boolean reply) throws IOException {
            path = Path.of("/tmp/fleet-fake-i3-" + System.nanoTime() + ".sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            thread = new Thread(() -> serve(reply), "fake-i3");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(boolean reply) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer h = ByteBuffer.allocate(14);
                while (h.hasRemaining() && c.read(h) >= 0) { /* fill */ }
                h.flip();
                received.complete(h.duplicate());
                if (!reply) {
                    Thread.sleep(5000);
                    return;
                }
                byte[] body = "{\"major\":9,\"minor\":0,\"human_readable\":\"fake\"}".getBytes(StandardCharsets.UTF_8);
                ByteBuffer out = ByteBuffer.allocate(14 + body.length).order(ByteOrder.nativeOrder());
                out.put("i3-ipc".getBytes(StandardCharsets.US_ASCII)).putInt(body.length).putInt(I3Ipc.GET_VERSION).put(body);
                out.flip();
                while (out.hasRemaining()) c.write(out);
                Thread.sleep(200);
            } catch (IOException | InterruptedException e) {
                received.completeExceptionally(e);
            }
        }

        @Override
        public void close() throws IOException {
            thread.interrupt();
            server.close();
            Files.deleteIfExists(path);
        }
    }
}
