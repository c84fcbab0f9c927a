package dev.fleet.daemon;

import dev.fleet.core.daemon.DaemonClient;
import static dev.fleet.daemon.DaemonFixture.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon over its real socket: ops, hostile input, load, lifecycle, another uid. */
class DaemonServerTest {

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> agents(Map<String, Object> reply) {
        assertEquals(Boolean.TRUE, reply.get("ok"), () -> "reply: " + reply);
        return (List<Map<String, Object>>) (List<?>) reply.get("agents");
    }

    static Map<String, Object> byPid(List<Map<String, Object>> agents, int pid) {
        for (Map<String, Object> a : agents) if (Json.lng(a, "pid", -1) == pid) return a;
        return null;
    }

    @Test
    void listStatusLabelAndStopOverTheSocket(@TempDir Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            int alpha = f.agent("alpha", "idle");
            int beta = f.agent("beta", "waiting");
            f.start();
            Path sock = f.socket();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));

            List<Map<String, Object>> list = agents(f.call(req("op", "list")));
            assertEquals(2, list.size());
            assertEquals(beta, Json.lng(list.get(0), "pid", -1), "the waiting agent comes first");
            assertEquals("waiting", list.get(0).get("state"));
            assertNotNull(list.get(0).get("waiting_since"));
            assertEquals("alpha", byPid(list, alpha).get("name"));
            assertNotNull(list.get(0).get("host"));

            Map<String, Object> st = f.call(req("op", "status"));
            assertEquals(ProcessHandle.current().pid(), Json.lng(st, "pid", -1));
            assertEquals(2L, st.get("agents"));
            assertEquals(sock.toString(), st.get("socket"));

            Map<String, Object> lab = f.call(req("op", "label", "query", "alph", "text", "the parser"));
            assertEquals(Boolean.TRUE, lab.get("ok"), lab::toString);
            assertEquals("the parser", lab.get("name"));
            assertEquals("the parser", byPid(agents(f.call(req("op", "list"))), alpha).get("name"), "list shows the label as NAME");
            assertTrue(Files.readString(f.stateDir.resolve("labels.json")).contains("the parser"), "the label is stored");
            Map<String, Object> nomatch = f.call(req("op", "label", "query", "zzzz-none", "text", "x"));
            assertEquals("no_match", Json.obj(nomatch, "error").get("code"));
            f.call(req("op", "label", "query", "the parser", "clear", true));
            assertEquals("alpha", byPid(agents(f.call(req("op", "list"))), alpha).get("name"), "cleared");

            Map<String, Object> other = f.call(req("op", "list", "config_dir", "/elsewhere"));
            assertEquals("other_config", Json.obj(other, "error").get("code"));

            assertEquals(Boolean.TRUE, f.call(req("op", "stop")).get("ok"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Files.exists(sock) && System.nanoTime() < deadline) Thread.sleep(20);
            assertFalse(Files.exists(sock), "stop removes the socket");
            assertThrows(IOException.class, () -> DaemonClient.connect(sock));
        }
    }

    @Test
    void stateChangesReachListAndSubscribersQuicklyWithWaitingSince(@TempDir Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            int pid = f.agent("gamma", "idle");
            f.start();
            try (DaemonClient sub = DaemonClient.connect(f.socket())) {
                sub.send(req("op", "subscribe"));
                Map<String, Object> first = Json.parseObject(sub.readLine(Duration.ofSeconds(5)));
                assertEquals(Boolean.TRUE, first.get("subscribed"));
                assertEquals(1, agents(first).size());

                long t0 = System.nanoTime();
                f.setStatus(pid, "busy");
                Map<String, Object> ev = Json.parseObject(sub.readLine(Duration.ofSeconds(5)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertEquals("state", ev.get("event"));
                assertEquals("idle", ev.get("from"));
                assertEquals("busy", ev.get("to"));
                assertTrue(ms < 1500, "event after " + ms + " ms (a margin for a loaded machine; typical figures: the benchmark)");
                assertEquals("busy", byPid(agents(f.call(req("op", "list"))), pid).get("state"));

                f.setStatus(pid, "waiting");
                ev = Json.parseObject(sub.readLine(Duration.ofSeconds(5)));
                assertEquals("waiting", ev.get("to"));
                long since = Json.lng(ev, "waiting_since", -1);
                assertTrue(since > 0);
                Thread.sleep(30); // a later statusUpdatedAt, so a reset waiting_since would show
                // a rewrite while still waiting (Claude Code rewrites updatedAt) keeps the start of the wait;
                // a new agent written after it is the later event: once it arrives, the rewrite was seen
                f.setStatus(pid, "waiting");
                int pid2 = f.agent("delta", "busy");
                ev = Json.parseObject(sub.readLine(Duration.ofSeconds(5)));
                assertEquals("added", ev.get("event"), "no event for the rewrite: " + ev);
                assertEquals(pid2, Json.lng(ev, "pid", -1));
                assertEquals(since, Json.lng(byPid(agents(f.call(req("op", "list"))), pid), "waiting_since", -2));

                f.setStatus(pid, "idle");
                ev = Json.parseObject(sub.readLine(Duration.ofSeconds(5)));
                assertEquals("idle", ev.get("to"));
                assertNull(ev.get("waiting_since"), "cleared when it stops waiting");

                // the new agent's process dies without removing its file
                t0 = System.nanoTime();
                Process p = f.procs.get(1);
                p.destroyForcibly();
                p.waitFor();
                ev = Json.parseObject(sub.readLine(Duration.ofSeconds(5)));
                assertEquals("removed", ev.get("event"));
                assertEquals(pid2, Json.lng(ev, "pid", -1));
                System.err.println("process exit noticed after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertNull(byPid(agents(f.call(req("op", "list"))), pid2));

                // a label set by another process (no daemon involved) is noticed by the reconciliation
                dev.fleet.core.label.LabelStore.in(f.stateDir, w -> { }).set(Json.str(f.session(pid), "sessionId"), "from-cli");
                ev = Json.parseObject(sub.readLine(Duration.ofSeconds(5)));
                assertEquals("label", ev.get("event"));
                assertEquals("from-cli", ev.get("to"));
            }
        }
    }

    @Test
    void tenThousandHostileRequestsThenAValidOne(@TempDir Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            f.agent("epsilon", "idle");
            f.start();
            Random rnd = new Random(42);
            String[] hostile = {
                "{", "}", "[]", "null", "42", "\"list\"", "{\"op\":\"list\"}", "{\"v\":\"1\",\"op\":\"list\"}",
                "{\"v\":2,\"op\":\"list\"}", "{\"v\":1}", "{\"v\":1,\"op\":7}", "{\"v\":1,\"op\":\"rm -rf\"}",
                "{\"v\":1,\"op\":\"label\"}", "{\"v\":1,\"op\":\"label\",\"query\":[1],\"text\":\"x\"}",
                "{\"v\":1,\"op\":\"label\",\"query\":\"x\",\"text\":{}}", "{\"v\":1,\"op\":\"list\",\"config_dir\":5}",
                "{\"v\":1,\"op\":\"list\"} trailing", "\u0000\u0001\u0002", "{\"v\":1,\"op\":\"list\",\"a\":" + "[".repeat(500) + "}",
                "{\"v\":1e999,\"op\":\"list\"}", "{\"v\":99999999999999999999999,\"op\":\"list\"}", "\uFFFF\uD800",
            };
            int replies = 0;
            // 10 000 requests over 20 connections of 500 each: every one gets an error reply, none a crash
            for (int c = 0; c < 20; c++) {
                try (DaemonClient cl = DaemonClient.connect(f.socket())) {
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < 500; i++) {
                        String r = (i % 7 == 0) ? randomBytes(rnd) : hostile[rnd.nextInt(hostile.length)];
                        batch.append(r.replace('\n', ' ')).append('\n');
                    }
                    cl.sendRaw(batch.toString());
                    for (int i = 0; i < 500; i++) {
                        String line = cl.readLine(Duration.ofSeconds(10));
                        assertNotNull(line, "reply " + i + " of connection " + c);
                        Map<String, Object> m = Json.parseObject(line);
                        assertEquals(Boolean.FALSE, m.get("ok"), line);
                        replies++;
                    }
                }
            }
            assertEquals(10_000, replies);
            // an oversized request: an error reply, then the connection closes
            try (DaemonClient cl = DaemonClient.connect(f.socket())) {
                cl.sendRaw("{\"v\":1,\"op\":\"list\",\"x\":\"" + "a".repeat(70_000) + "\"}\n");
                Map<String, Object> m = Json.parseObject(cl.readLine(Duration.ofSeconds(5)));
                assertEquals("too_large", Json.obj(m, "error").get("code"));
                assertNull(cl.readLine(Duration.ofSeconds(5)), "closed after a too-large request");
            }
            // an idle connection times out (2 s in this fixture) with a reply, never hangs
            try (DaemonClient cl = DaemonClient.connect(f.socket())) {
                cl.sendRaw("{\"v\":1,");
                Map<String, Object> m = Json.parseObject(cl.readLine(Duration.ofSeconds(10)));
                assertEquals("timeout", Json.obj(m, "error").get("code"));
            }
            assertEquals(1, agents(f.call(req("op", "list"))).size(), "still answers a valid request");
        }
    }

    private static String randomBytes(Random rnd) {
        byte[] b = new byte[1 + rnd.nextInt(300)];
        rnd.nextBytes(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void twoHundredConcurrentClientsAllAnswered(@TempDir Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            for (int i = 0; i < 5; i++) f.agent("a" + i, "idle");
            f.start();
            ExecutorService ex = Executors.newFixedThreadPool(200);
            try {
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<Future<Integer>> fs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    fs.add(ex.submit(() -> {
                        try (DaemonClient c = DaemonClient.connect(f.socket())) { // all connected at once
                            go.await();
                            return agents(c.call(req("op", "list"), Duration.ofSeconds(20))).size();
                        }
                    }));
                }
                go.countDown();
                for (Future<Integer> fu : fs) assertEquals(5, fu.get(30, TimeUnit.SECONDS));
            } finally {
                ex.shutdownNow();
            }
        }
    }

    @Test
    void aStaleSocketIsReplacedAndASecondDaemonRefuses(@TempDir Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            Path sock = f.socket();
            Files.createDirectories(sock.getParent());
            var ssc = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            ssc.bind(UnixDomainSocketAddress.of(sock));
            ssc.close(); // the file stays: a daemon that died without cleaning up
            assertTrue(Files.exists(sock));
            assertThrows(IOException.class, () -> DaemonClient.connect(sock), "nobody answers on the stale socket");
            f.agent("zeta", "idle");
            f.start();
            assertEquals(1, agents(f.call(req("op", "list"))).size(), "the new daemon answers on the same path");

            FleetDaemon.StartException e = assertThrows(FleetDaemon.StartException.class,
                    () -> FleetDaemon.start(f.config(), Map.of(), line -> { }));
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertEquals(1, agents(f.call(req("op", "list"))).size(), "the first daemon still answers");
        }
    }
}
