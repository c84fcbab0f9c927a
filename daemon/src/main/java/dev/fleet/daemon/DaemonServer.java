package dev.fleet.daemon;

import dev.fleet.core.daemon.Protocol;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.json.Json;
import dev.fleet.core.json.JsonException;
import dev.fleet.core.query.AgentQuery;
import dev.fleet.core.query.Match;
import dev.fleet.core.util.Ids;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Serves the protocol ({@link Protocol}) on a bound junixsocket server socket. Each connection's peer
 * credentials are checked before anything is read: another uid gets one {@code forbidden} reply and
 * is logged. Requests are answered by a small pool (threads die when idle); subscribers get a thread
 * of their own, a bounded queue, and are dropped when they stop reading.
 */
public final class DaemonServer implements AutoCloseable {
    /** Knobs; tests shorten the idle timeout. */
    public record Limits(Duration idleTimeout, int maxSubscribers, int subscriberQueue, Duration heartbeat) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), 64, 1024, Duration.ofSeconds(30));
        }
    }

    /** Every op of the protocol: the daemon's own, then the command table's served commands' ({@code table} for ls). */
    public static final java.util.Set<String> OPS = ops();

    private static java.util.Set<String> ops() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(new java.util.TreeSet<>(Protocol.DAEMON_OPS));
        for (dev.fleet.commands.Command c : dev.fleet.commands.CommandTable.served()) all.add(c.spec().servedOp());
        return java.util.Collections.unmodifiableSet(all);
    }

    private final AFUNIXServerSocket server;
    private final Path socket;
    private final PictureKeeper keeper;
    private final Map<String, DaemonOp> extraOps;
    private final Limits limits;
    private final Consumer<String> log;
    private final Runnable onStop;
    private final long startedAt = System.currentTimeMillis();
    private final int myUid = Ids.uid();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    /** Requests this daemon answered itself, by op: tests prove with it that no fallback did the work. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> served = new java.util.concurrent.ConcurrentHashMap<>();
    /** A test hook: ops named in FLEET_DAEMON_FAIL_OPS (comma-separated) fail as a broken daemon would. */
    private final java.util.Set<String> failOps = failOps(System.getenv("FLEET_DAEMON_FAIL_OPS"));
    private final ThreadPoolExecutor pool;
    private volatile boolean closed;
    private Thread acceptThread;

    public DaemonServer(AFUNIXServerSocket server, Path socket, PictureKeeper keeper, Map<String, DaemonOp> extraOps,
            Limits limits, Consumer<String> log, Runnable onStop) {
        this.server = server;
        this.socket = socket;
        this.keeper = keeper;
        this.extraOps = Map.copyOf(extraOps);
        this.limits = limits;
        this.log = log;
        this.onStop = onStop;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(16, 16, 20, TimeUnit.SECONDS, new LinkedBlockingQueue<>(4096), r -> {
            Thread t = new Thread(r, "fleet-conn-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    public void start() {
        acceptThread = new Thread(this::acceptLoop, "fleet-accept");
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    private static java.util.Set<String> failOps(String v) {
        if (v == null || v.isBlank()) return java.util.Set.of();
        return java.util.Set.of(v.trim().split("\\s*,\\s*"));
    }

    /** Connections refused for a foreign uid so far. */
    public int refusedCount() {
        return refused.get();
    }

    private void acceptLoop() {
        while (!closed) {
            AFUNIXSocket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) log.accept("warning: accept failed: " + e.getMessage());
                if (closed) return;
                continue;
            }
            if (!authorised(s)) continue;
            try {
                pool.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                replyAndClose(s, Protocol.error(Protocol.BUSY, "the daemon is overloaded; try again"));
            }
        }
    }

    /** Peer credentials first: a connection from another uid is answered once and closed, nothing read. */
    private boolean authorised(AFUNIXSocket s) {
        long uid;
        long pid = -1;
        try {
            AFUNIXSocketCredentials c = s.getPeerCredentials();
            uid = c == null ? -1 : c.getUid();
            if (c != null) pid = c.getPid();
        } catch (IOException e) {
            uid = -1;
        }
        if (uid == myUid) return true;
        refused.incrementAndGet();
        log.accept("refused a connection from uid " + uid + " (pid " + pid + "): only uid " + myUid + " may use this daemon");
        replyAndClose(s, Protocol.error(Protocol.FORBIDDEN, "this fleet daemon serves uid " + myUid + " only"));
        return false;
    }

    private void replyAndClose(AFUNIXSocket s, Map<String, Object> reply) {
        try (s) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write((encode(reply) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the peer is gone; nothing to tell it
        }
    }

    private void serve(AFUNIXSocket s) {
        boolean handedOff = false;
        try {
            s.setSoTimeout((int) limits.idleTimeout().toMillis());
            LineReader in = new LineReader(s.getInputStream(), Protocol.MAX_REQUEST_BYTES);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            while (!closed) {
                byte[] line;
                try {
                    line = in.next();
                } catch (LineReader.TooLong e) {
                    write(out, Protocol.error(Protocol.TOO_LARGE, e.getMessage()));
                    return; // cannot find the next request boundary reliably: close
                } catch (SocketTimeoutException e) {
                    write(out, Protocol.error(Protocol.TIMEOUT, "idle for " + limits.idleTimeout().toMillis() + " ms; closing"));
                    return;
                }
                if (line == null) return;
                if (isBlank(line)) continue;
                Map<String, Object> req;
                try {
                    req = Json.parseObject(line);
                } catch (JsonException e) {
                    write(out, Protocol.error(Protocol.BAD_JSON, "not a JSON object: " + e.getMessage()));
                    continue;
                } catch (RuntimeException e) {
                    write(out, Protocol.error(Protocol.BAD_JSON, "not a JSON object"));
                    continue;
                }
                if ("subscribe".equals(req.get("op")) && Long.valueOf(Protocol.VERSION).equals(req.get("v"))) {
                    handedOff = subscribe(s, out, Boolean.TRUE.equals(req.get("local_only")));
                    return;
                }
                Map<String, Object> reply;
                try {
                    reply = handle(req);
                } catch (Protocol.Failure f) {
                    reply = f.reply();
                } catch (RuntimeException e) {
                    log.accept("warning: " + req.get("op") + " failed: " + e);
                    reply = Protocol.error(Protocol.INTERNAL, String.valueOf(e.getMessage()));
                }
                write(out, reply);
                if ("stop".equals(req.get("op")) && Boolean.TRUE.equals(reply.get("ok"))) {
                    Thread t = new Thread(onStop, "fleet-stop");
                    t.start();
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            if (!handedOff) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closed
                }
            }
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) if (b != ' ' && b != '\t' && b != '\r') return false;
        return true;
    }

    private static void write(OutputStream out, Map<String, Object> reply) throws IOException {
        out.write(encode(reply).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
    }

    /** Compact JSON of a reply; a {@link RawJson} value is spliced in as is. */
    static String encode(Map<String, Object> reply) {
        java.io.StringWriter w = new java.io.StringWriter(256);
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.factory().createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : reply.entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue() instanceof RawJson r) g.writeRawValue(r.json);
                else Json.write(g, e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Validates the envelope and dispatches; counts what it answered itself (a no_match is an answer). */
    Map<String, Object> handle(Map<String, Object> req) {
        Map<String, Object> r;
        try {
            r = dispatch(req);
        } catch (Protocol.Failure f) {
            if (f.code().equals(Protocol.NO_MATCH) || f.code().equals(Protocol.BAD_REQUEST)) count(req);
            throw f;
        }
        if (Boolean.TRUE.equals(r.get("ok"))) count(req);
        return r;
    }

    private void count(Map<String, Object> req) {
        if (req.get("op") instanceof String op && !op.equals("status") && (OPS.contains(op) || extraOps.containsKey(op))) {
            served.computeIfAbsent(op, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }
    }

    private Map<String, Object> dispatch(Map<String, Object> req) {
        Object v = req.get("v");
        if (!(v instanceof Long)) throw new Protocol.Failure(Protocol.BAD_REQUEST, "\"v\" (the protocol version, 1) must be an integer");
        if ((Long) v != Protocol.VERSION) {
            throw new Protocol.Failure(Protocol.UNSUPPORTED_VERSION, "protocol version " + v + " is not supported; this daemon speaks " + Protocol.VERSION);
        }
        Object opv = req.get("op");
        if (!(opv instanceof String)) throw new Protocol.Failure(Protocol.BAD_REQUEST, "\"op\" must be a string");
        String op = (String) opv;
        checkConfig(req);
        if (failOps.contains(op)) throw new IllegalStateException("deliberately broken for '" + op + "' (FLEET_DAEMON_FAIL_OPS)");
        switch (op) {
            case "list": return list();
            case "status": return status();
            case "stop": {
                log.accept("stop requested over the socket");
                return Protocol.ok();
            }
            case "label": return label(req);
            default:
                DaemonOp extra = extraOps.get(op);
                if (extra != null) return handleOnFreshPicture(extra, req);
                if (OPS.contains(op)) throw new Protocol.Failure(Protocol.UNKNOWN_OP, "this daemon does not serve '" + op + "'");
                throw new Protocol.Failure(Protocol.UNKNOWN_OP, "unknown op '" + truncate(op) + "'; known: " + String.join(", ", new java.util.TreeSet<>(OPS)));
        }
    }

    /**
     * The picture trails a session file written a moment ago (the watch's debounce, a loaded machine), so
     * an op that found nothing to act on (exit 1: no agent matched, none is waiting) is run once more
     * after a reconciliation pass when that pass changed the picture: a hotkey pressed right after an
     * agent started finds it, as the direct path would. A reconcile lists {@code sessions/} and re-reads
     * only changed files (milliseconds); a query that matches nothing anyway costs just that.
     */
    private Map<String, Object> handleOnFreshPicture(DaemonOp op, Map<String, Object> req) {
        List<Agent> before = keeper.registry().agents();
        Map<String, Object> r = op.handle(req, before);
        if (!(r.get("exit") instanceof Number n) || n.intValue() != NOTHING_TO_ACT_ON) return r;
        keeper.onPictureThread(() -> {
            keeper.reconcile();
            return null;
        });
        List<Agent> after = keeper.registry().agents();
        return after.equals(before) ? r : op.handle(req, after);
    }

    /** The exit code of an op that found no agent to act on (README: exit codes). */
    static final int NOTHING_TO_ACT_ON = 1;

    /** A client with another Claude config dir must not be answered from this picture. */
    private void checkConfig(Map<String, Object> req) {
        String cfg = Protocol.optString(req, "config_dir");
        if (cfg != null && !Path.of(cfg).normalize().equals(keeper.configDir().normalize())) {
            throw new Protocol.Failure(Protocol.OTHER_CONFIG, "this daemon watches " + keeper.configDir() + ", not " + cfg);
        }
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private Map<String, Object> list() {
        Map<String, Object> m = Protocol.ok();
        m.put("agents", new RawJson(RemoteHosts.listJson(keeper.registry().agentsJson()))); // with other hosts' cached agents
        return m;
    }

    private Map<String, Object> status() {
        Map<String, Object> m = Protocol.ok();
        m.put("pid", ProcessHandle.current().pid());
        m.put("started_at", startedAt);
        m.put("uptime_ms", System.currentTimeMillis() - startedAt);
        m.put("agents", keeper.registry().agents().size());
        m.put("socket", socket.toString());
        m.put("config_dir", keeper.configDir().toString());
        m.put("labels_file", keeper.labels().file().toString());
        m.put("subscribers", subscribers.get());
        m.put("last_reconcile", keeper.lastReconcile());
        m.put("refused_connections", refused.get());
        Map<String, Object> byOp = new java.util.TreeMap<>();
        long total = 0;
        for (Map.Entry<String, java.util.concurrent.atomic.AtomicLong> e : served.entrySet()) {
            byOp.put(e.getKey(), e.getValue().get());
            total += e.getValue().get();
        }
        m.put("served", total);
        m.put("served_ops", byOp);
        m.put("java", Runtime.version().toString());
        return m;
    }

    private Map<String, Object> label(Map<String, Object> req) {
        String query = Protocol.string(req, "query");
        boolean clear = Protocol.optBool(req, "clear");
        String text = Protocol.optString(req, "text");
        if (!clear && (text == null || text.isBlank())) {
            throw new Protocol.Failure(Protocol.BAD_REQUEST, "give \"text\" (the label) or \"clear\":true");
        }
        if (text != null && text.length() > dev.fleet.core.label.LabelStore.MAX_LABEL_CHARS) {
            throw new Protocol.Failure(Protocol.BAD_REQUEST, "a label holds at most " + dev.fleet.core.label.LabelStore.MAX_LABEL_CHARS + " characters");
        }
        return keeper.onPictureThread(() -> {
            List<Agent> agents = keeper.registry().agents();
            Optional<Match> m = AgentQuery.choose(agents, query);
            if (m.isEmpty()) throw new Protocol.Failure(Protocol.NO_MATCH, "no agent matches '" + query + "'");
            Agent a = m.get().agent();
            String previous = keeper.labels().set(a.sessionId(), clear ? null : text);
            keeper.registry().relabel(keeper.labels().all());
            Map<String, Object> r = Protocol.ok();
            r.put("session_id", a.sessionId());
            r.put("pid", a.pid());
            r.put("label", clear ? null : text.strip());
            r.put("previous", previous);
            r.put("name", a.withLabel(clear ? null : text.strip()).displayName());
            return r;
        });
    }

    // --- subscribe ---------------------------------------------------------------------------------

    /**
     * {@code localOnly}: this machine's agents alone (what {@code fleet __stream} asks for another host's daemon,
     * so that hosts listing each other do not echo agents back); else other hosts' cached agents follow in the
     * snapshot, and their events in the stream.
     */
    private boolean subscribe(AFUNIXSocket s, OutputStream out, boolean localOnly) throws IOException {
        if (subscribers.incrementAndGet() > limits.maxSubscribers()) {
            subscribers.decrementAndGet();
            write(out, Protocol.error(Protocol.BUSY, "too many subscribers (" + limits.maxSubscribers() + ")"));
            return false;
        }
        BlockingQueue<Map<String, Object>> q = new ArrayBlockingQueue<>(limits.subscriberQueue());
        Map<String, Object> overflow = new HashMap<>();
        Consumer<Map<String, Object>> listener = ev -> {
            if (!q.offer(ev)) q.offer(overflow); // full: the subscriber is not reading; dropped below
        };
        // register before the snapshot, so no change between the two is lost
        keeper.registry().addListener(listener, !localOnly);
        Map<String, Object> first = Protocol.ok();
        first.put("subscribed", true);
        String local = keeper.registry().agentsJson();
        first.put("agents", new RawJson(localOnly ? local : RemoteHosts.withCached(local)));
        try {
            write(out, first);
        } catch (IOException e) {
            keeper.registry().removeListener(listener);
            subscribers.decrementAndGet();
            throw e;
        }
        Thread t = new Thread(() -> streamEvents(s, out, q, overflow, listener), "fleet-subscriber");
        t.setDaemon(true);
        t.start();
        return true;
    }

    private void streamEvents(AFUNIXSocket s, OutputStream out, BlockingQueue<Map<String, Object>> q,
            Map<String, Object> overflow, Consumer<Map<String, Object>> listener) {
        try (s) {
            while (!closed) {
                Map<String, Object> ev = q.poll(limits.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                if (ev == overflow) {
                    log.accept("dropped a subscriber that stopped reading");
                    return;
                }
                if (ev == null) {
                    ev = new LinkedHashMap<>();
                    ev.put("event", "ping"); // finds subscribers that went away
                    ev.put("at", System.currentTimeMillis());
                }
                write(out, ev);
            }
        } catch (IOException | InterruptedException e) {
            // the subscriber went away
        } finally {
            keeper.registry().removeListener(listener);
            subscribers.decrementAndGet();
        }
    }

    /** Pre-serialised JSON spliced into a reply (the cached agent list). */
    static final class RawJson implements dev.fleet.core.json.JsonWritable {
        final String json;

        RawJson(String json) {
            this.json = json;
        }

        @Override
        public Map<String, Object> toJson() {
            throw new UnsupportedOperationException("written raw");
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        pool.shutdownNow();
    }
}
