package dev.fleet.web.server;

import dev.fleet.core.json.Json;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The selected agents' screens, live. Each viewer (a page's WebSocket) selects one agent; while any viewer
 * has one, every {@link #PERIOD_MS} ms (see {@link #QUIET_MS}) each selected agent's screen is read once through the daemon's
 * {@code peek --ansi} (one tmux capture-pane), converted to HTML, and sent to the viewers whose last screen
 * differs: nothing is sent while nothing changes, and nothing is read while no page is open. A new
 * selection (a page's first, or after a reload) gets its screen at once. "More" reaches into the
 * scrollback, {@link #MORE_LINES} lines at a time. Another host's agent is read the same way
 * ({@code peek --host H <pid> --ansi}: the daemon runs the peek on H over the shared ssh connection), off the
 * ticker's thread and never twice at once: a slow or unreachable host delays its own screen only.
 */
final class Screens {
    static final long PERIOD_MS = 150;
    /**
     * A screen unchanged for {@link #QUIET_MS} is read every {@link #QUIET_PERIOD_MS} instead: a waiting or idle
     * agent's screen is still, and each read costs the daemon a served peek. A working agent's screen (its
     * spinner) changes all the time, so it stays at {@link #PERIOD_MS}; the first change after a quiet spell
     * shows up to {@link #QUIET_PERIOD_MS} late.
     */
    static final long QUIET_MS = 3000, QUIET_PERIOD_MS = 300;
    /**
     * Another host's screen is read at most every {@link #REMOTE_PERIOD_MS}, every {@link #REMOTE_QUIET_PERIOD_MS}
     * once still: one read is a served peek here, an ssh round trip on the shared master (no new login) and a
     * {@code fleet peek} on the host — bench/web/remote-peek.sh: p50 58 ms and ~60 ms of the host's CPU with its
     * daemon up (160 ms, ~73 ms without), ~6 ms of this daemon's. At {@link #PERIOD_MS} that would hold 40 % of
     * a host core for one page; at 1 s it is 6 %, and a change shows up to a second late.
     */
    static final long REMOTE_PERIOD_MS = 1000, REMOTE_QUIET_PERIOD_MS = 2000;
    static final int MORE_LINES = 200;
    /** How long one read may take: a remote peek is an ssh round trip and a fleet run on the host. */
    private static final Duration LOCAL_TIMEOUT = Duration.ofSeconds(5), REMOTE_TIMEOUT = Duration.ofSeconds(12);

    /** One page's selection and what it was last sent. */
    private static final class Viewer {
        volatile String host;
        volatile String pid;
        volatile int lines;
        volatile String last;
    }

    /** A screen as pages ask for it: the host as the page named it (null: this machine), pid, scrollback lines. */
    private record Key(String host, String pid, int lines) {}

    private final Daemon daemon;
    private final java.util.function.BiFunction<String, String, Target> targets;
    /** Per screen, the last text peek gave and its message: an unchanged screen is not converted again. */
    private final Map<Key, String[]> lastRead = new ConcurrentHashMap<>();
    /** Per screen, when it was last read and last changed (nanoTime). */
    private final Map<Key, long[]> times = new ConcurrentHashMap<>();
    /** Other hosts' screens being read now (on {@link #remote}). */
    private final java.util.Set<Key> reading = ConcurrentHashMap.newKeySet();
    private final Map<WsContext, Viewer> viewers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-web-screens");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.ExecutorService remote = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fleet-web-remote-screen");
        t.setDaemon(true);
        return t;
    });

    Screens(Daemon daemon, java.util.function.BiFunction<String, String, Target> targets) {
        this.daemon = daemon;
        this.targets = targets;
        ticker.scheduleWithFixedDelay(this::safeTick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    void opened(WsContext ctx) {
        viewers.put(ctx, new Viewer());
    }

    void closed(WsContext ctx) {
        viewers.remove(ctx);
    }

    /** A page's message: {@code select} (pid, and host for another host's agent), {@code more}, {@code unselect}. */
    void message(WsContext ctx, String text) {
        Viewer v = viewers.get(ctx);
        if (v == null) return;
        Map<String, Object> m;
        try {
            m = Json.parseObject(text);
        } catch (RuntimeException e) {
            return; // not ours
        }
        String type = Json.str(m, "type");
        if ("select".equals(type)) {
            Object pid = m.get("pid");
            if (pid == null || !pid.toString().matches("\\d{1,10}")) return;
            Object host = m.get("host");
            // only a name the daemon's listing has is ever used (AgentFeed.target); this bounds what is kept
            if (host != null && (!(host instanceof String h) || h.length() > 255)) return;
            v.host = (String) host;
            v.pid = pid.toString();
            v.lines = 0;
        } else if ("more".equals(type) && v.pid != null) {
            v.lines = Math.max(v.lines, 0) + MORE_LINES;
        } else if ("unselect".equals(type)) {
            v.pid = null;
        } else {
            return;
        }
        v.last = null;
        ticker.execute(this::safeTick); // the replay: this viewer's screen now, not at the next tick
    }

    void stop() {
        ticker.shutdownNow();
        remote.shutdownNow();
    }

    /** A tick that throws would end the schedule (and every page's screen) silently: it is logged instead. */
    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            System.err.println("fleet web: reading the screens failed: " + e);
        }
    }

    private void tick() {
        if (viewers.isEmpty()) return;
        Map<Key, List<Map.Entry<WsContext, Viewer>>> byScreen = new HashMap<>();
        for (Map.Entry<WsContext, Viewer> e : viewers.entrySet()) {
            Viewer v = e.getValue();
            String pid = v.pid;
            if (pid != null) byScreen.computeIfAbsent(new Key(v.host, pid, v.lines), k -> new ArrayList<>()).add(e);
        }
        lastRead.keySet().retainAll(byScreen.keySet());
        times.keySet().retainAll(byScreen.keySet());
        long now = System.nanoTime();
        for (Map.Entry<Key, List<Map.Entry<WsContext, Viewer>>> s : byScreen.entrySet()) {
            long[] t = times.computeIfAbsent(s.getKey(), k -> new long[] {0, now});
            boolean fresh = s.getValue().stream().anyMatch(e -> e.getValue().last == null); // a new selection: now
            Key k = s.getKey();
            Target target = targets.apply(k.host(), k.pid());
            boolean far = target != null && target.remote();
            boolean quiet = now - t[1] > QUIET_MS * 1_000_000;
            long period = far ? (quiet ? REMOTE_QUIET_PERIOD_MS : REMOTE_PERIOD_MS) : (quiet ? QUIET_PERIOD_MS : PERIOD_MS);
            if (!fresh && now - t[0] < (period - PERIOD_MS / 2) * 1_000_000) continue; // ticks jitter: half a period slack
            if (far) {
                if (!reading.add(k)) continue; // the last read of it is still under way
                t[0] = now;
                remote.execute(() -> {
                    try {
                        deliver(k, target, s.getValue(), t, now);
                    } catch (RuntimeException e) {
                        System.err.println("fleet web: reading a screen of " + target.host() + " failed: " + e);
                    } finally {
                        reading.remove(k);
                    }
                });
                continue;
            }
            t[0] = now;
            deliver(k, target, s.getValue(), t, now);
        }
    }

    /** Reads one screen and sends it to its viewers that still select it and were not sent it already. */
    private void deliver(Key k, Target target, List<Map.Entry<WsContext, Viewer>> to, long[] t, long now) {
        String[] before = lastRead.get(k);
        String msg = screen(k, target);
        String[] after = lastRead.get(k);
        if (before == null || after == null || !before[0].equals(after[0])) t[1] = now;
        for (Map.Entry<WsContext, Viewer> e : to) {
            Viewer v = e.getValue();
            if (msg.equals(v.last) || !k.pid().equals(v.pid) || !java.util.Objects.equals(k.host(), v.host)) continue;
            v.last = msg;
            Live.send(e.getKey(), msg);
        }
    }

    /** The screen message for one agent: its HTML, or why it cannot be read. */
    private String screen(Key k, Target target) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "screen");
        m.put("host", k.host());
        m.put("pid", k.pid());
        m.put("lines", k.lines());
        if (target == null) {
            m.put("error", "no screen: no such agent in fleet's listing (gone?)");
            return Json.write(m);
        }
        List<String> args = new ArrayList<>(target.args());
        args.add("--ansi");
        if (k.lines() > 0) args.addAll(List.of("--lines", Integer.toString(k.lines())));
        try {
            Daemon.Result r = daemon.run("peek", args, target.remote() ? REMOTE_TIMEOUT : LOCAL_TIMEOUT);
            if (r.exit() == 0) {
                String[] last = lastRead.get(k);
                if (last != null && last[0].equals(r.stdout())) return last[1];
                m.put("html", AnsiHtml.toHtml(r.stdout()));
                String msg = Json.write(m);
                lastRead.put(k, new String[] {r.stdout(), msg});
                return msg;
            } else m.put("error", firstLine(r.stderr(), "peek exited " + r.exit()));
        } catch (IOException | RuntimeException e) {
            m.put("error", "cannot read the screen: " + e.getMessage());
        }
        return Json.write(m);
    }

    static String firstLine(String s, String fallback) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty()) return fallback;
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
