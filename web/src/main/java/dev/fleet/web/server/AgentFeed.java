package dev.fleet.web.server;

import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.json.Json;
import dev.fleet.core.util.Ids;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The daemon's picture, kept live from its {@code subscribe} stream (no polling): the snapshot, then one
 * event per change (other hosts' changes too, each with its {@code host}). On each event the full listing is
 * asked once ({@code list}: other hosts' agents as their streams last said); while other hosts' agents are shown, {@code list}
 * is asked again every {@link #REMOTE_REFRESH} too. Each new picture goes to {@code onChange} as the page's
 * JSON message. A daemon that goes away is reconnected every second; meanwhile the page says so.
 */
final class AgentFeed implements Runnable {
    static final Duration REMOTE_REFRESH = Duration.ofSeconds(3);
    private static final List<String> ORDER = List.of("waiting", "busy", "idle", "unknown");

    private final Daemon daemon;
    private final Consumer<String> onChange;
    private final Map<String, Map<String, Object>> local = new LinkedHashMap<>();
    private volatile String message = message(List.of(), false, "connecting to the fleet daemon");
    private volatile boolean remote;
    /** The last full listing (other hosts' agents too), for {@link #target}. */
    private volatile List<Map<String, Object>> all = List.of();
    private volatile boolean stopped;
    private volatile DaemonClient stream;

    AgentFeed(Daemon daemon, Consumer<String> onChange) {
        this.daemon = daemon;
        this.onChange = onChange;
    }

    /** The last picture, as the page's message (a new viewer gets it at once). */
    String current() {
        return message;
    }

    /**
     * The agent the page means by {@code host} and {@code pid}: this machine's (the subscribe stream's, whose
     * {@code host} is this machine's name; a null host means this machine), else another host's from the
     * daemon's listing or its relayed events; null for none. The host in the answer is the daemon's string,
     * never the page's.
     */
    Target target(String host, String pid) {
        String here = Ids.shortHost();
        List<Map<String, Object>> known;
        synchronized (local) {
            known = new ArrayList<>(local.values());
        }
        for (Map<String, Object> a : known) {
            if (String.valueOf(a.get("pid")).equals(pid) && here.equals(a.getOrDefault("host", here)) && (host == null || host.equals(here))) {
                return new Target(null, pid);
            }
        }
        if (host == null || host.equals(here)) return null;
        known.addAll(all);
        for (Map<String, Object> a : known) {
            if (a.get("host") instanceof String h && h.equals(host) && String.valueOf(a.get("pid")).equals(pid)) return new Target(h, pid);
        }
        return null;
    }

    void stop() {
        stopped = true;
        DaemonClient s = stream;
        if (s != null) s.close();
    }

    @Override
    public void run() {
        Thread refresher = new Thread(this::refreshRemote, "fleet-web-remote");
        refresher.setDaemon(true);
        refresher.start();
        while (!stopped) {
            try (DaemonClient c = daemon.connect()) {
                stream = c;
                c.send(Map.of("v", 1, "op", "subscribe"));
                String first = c.readLine(Duration.ofSeconds(10));
                if (first == null) throw new IOException("the daemon closed the stream");
                Map<String, Object> snap = Json.parseObject(first);
                if (!Boolean.TRUE.equals(snap.get("ok"))) throw new IOException("the daemon refused subscribe: " + snap.get("error"));
                synchronized (local) {
                    local.clear();
                    for (Object o : Json.arr(snap, "agents")) if (o instanceof Map<?, ?> m) put(cast(m));
                }
                publish();
                for (String line; (line = c.readLine(null)) != null; ) {
                    Map<String, Object> e = Json.parseObject(line);
                    String kind = Json.str(e, "event");
                    if (kind == null || "ping".equals(kind)) continue;
                    synchronized (local) {
                        if ("removed".equals(kind)) local.remove(key(e));
                        else if (e.get("agent") instanceof Map<?, ?> m) put(cast(m));
                    }
                    publish();
                }
            } catch (IOException | RuntimeException e) {
                if (stopped) return;
                message = message(snapshotLocal(), false, "the fleet daemon is not answering (" + e.getMessage()
                        + "); start it with: fleet daemon start");
                onChange.accept(message);
            }
            sleep(1000);
        }
    }

    private void refreshRemote() {
        while (!stopped) {
            sleep(REMOTE_REFRESH.toMillis());
            if (remote) publish();
        }
    }

    /** The full listing (other hosts too) when the daemon gives it, else this machine's agents from the stream. */
    private synchronized void publish() {
        List<Map<String, Object>> agents;
        try {
            agents = new ArrayList<>();
            for (Object o : Json.arr(daemon.call("list", Duration.ofSeconds(5)), "agents")) if (o instanceof Map<?, ?> m) agents.add(cast(m));
        } catch (IOException | RuntimeException e) {
            agents = snapshotLocal(); // e.g. a host still connecting: this machine's agents meanwhile
        }
        // another host's agent listed: its ages and staleness are refreshed even when no event comes
        String here = Ids.shortHost();
        remote = agents.stream().anyMatch(a -> a.get("host") instanceof String h && !h.equals(here));
        all = List.copyOf(agents);
        agents.sort(listing());
        String m = message(agents, true, null);
        if (!m.equals(message)) {
            message = m;
            onChange.accept(m);
        }
    }

    private List<Map<String, Object>> snapshotLocal() {
        synchronized (local) {
            List<Map<String, Object>> l = new ArrayList<>(local.values());
            l.sort(listing());
            return l;
        }
    }

    /** Waiting first (longest waiting first), then busy, idle, unknown; stable otherwise (the daemon's order). */
    static Comparator<Map<String, Object>> listing() {
        return Comparator.<Map<String, Object>>comparingInt(a -> {
            int i = ORDER.indexOf(Json.str(a, "state"));
            return i < 0 ? ORDER.size() : i;
        }).thenComparingLong(a -> Json.lng(a, "waiting_since", Long.MAX_VALUE));
    }

    private void put(Map<String, Object> agent) {
        local.put(key(agent), agent);
    }

    private static String key(Map<String, Object> m) {
        Object sid = m.get("session_id");
        return sid != null ? sid.toString() : "pid:" + m.get("pid");
    }

    /** What the page needs of each agent, no more (an agent's env stays on this machine). */
    static String message(List<Map<String, Object>> agents, boolean connected, String problem) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> a : agents) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (String k : List.of("host", "pid", "session_id", "name", "state", "state_since", "waiting_since", "waiting_for", "cwd",
                    "branch", "stale", "stale_reason")) {
                r.put(k, a.get(k));
            }
            rows.add(r);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "agents");
        m.put("connected", connected);
        m.put("problem", problem);
        m.put("now", System.currentTimeMillis());
        m.put("agents", rows);
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
