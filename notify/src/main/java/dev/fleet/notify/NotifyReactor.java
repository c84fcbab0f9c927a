package dev.fleet.notify;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.daemon.AgentChange;
import dev.fleet.daemon.Reactor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Desktop notifications from the daemon: one when an agent starts waiting (its name; why it waits and
 * its folder; a "Show" action that brings it in front), replaced when the agent's notification changes,
 * closed when it stops waiting or goes away; optionally one when a turn finishes (busy → idle). None
 * while the agent is the one in front ({@link InFront}); rate-limited ({@link RateLimit}). Keys:
 * {@code notify.*} in the settings file.
 *
 * <p>Other hosts' agents too ({@link #remoteToo()}): the summary names the host ({@code api on devbox}), the
 * body says why from the agent's {@code waiting_for} (its transcript is on that host), "Show" runs the
 * daemon's switch, which reaches a remote agent as {@code fleet switch} does. A host whose stream went down
 * changes nothing here: its agents are stale, not gone nor done waiting, so what is shown stays; when the
 * host comes back its snapshot closes what ended meanwhile, and only agents that began waiting meanwhile
 * are new notifications (the rate limits apply to them as to any).
 */
public final class NotifyReactor implements Reactor {
    /** What a notification on screen is about. */
    enum Kind { WAITING, FINISHED }

    /** {@code host}: null for this machine's agent; {@code agent}: as last shown (a remote one's "Show" needs it). */
    private record Shown(long id, Kind kind, Agent agent, String host) {}

    /**
     * How long a wait that just began may look for its reason in the transcript (see {@link WaitReason}):
     * long enough for Claude Code's write after its status (~100 ms), short enough not to hold up the
     * other reactors much when there is no reason to find.
     */
    static final long REASON_PATIENCE_MS = 1_000;

    private final Function<Context, Notifier> opener;
    private final Map<String, Shown> shown = new HashMap<>();
    private Context ctx;
    private NotifySettings settings;
    private RateLimit rate;
    private Notifier notifier;
    private Path claudeDir;
    private ExecutorService shows;
    private String lastError;

    /** The daemon's: D-Bus on Linux, osascript on macOS. */
    public NotifyReactor() {
        this(NotifyReactor::open);
    }

    NotifyReactor(Function<Context, Notifier> opener) {
        this.opener = opener;
    }

    @Override
    public boolean remoteToo() {
        return true;
    }

    @Override
    public String name() {
        return "notify";
    }

    /** The platform's notifier, or null having logged the one line saying why there is none. */
    static Notifier open(Context ctx) {
        if (System.getProperty("os.name", "").startsWith("Mac")) return new OsaScriptNotifier();
        String address = ctx.env().get("DBUS_SESSION_BUS_ADDRESS");
        if (address == null || address.isBlank()) {
            ctx.log().accept("notify: off: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
            return null;
        }
        try {
            return DbusNotifier.connect(address);
        } catch (Notifier.NotifyException e) {
            ctx.log().accept("notify: off: " + e.getMessage());
            return null;
        }
    }

    @Override
    public boolean start(Context c, List<Agent> agents) {
        this.ctx = c;
        this.settings = NotifySettings.of(c.config(), w -> c.log().accept("warning: " + w));
        if (!settings.waiting() && !settings.finished()) return false; // turned off: nothing to say
        this.notifier = opener.apply(c);
        if (notifier == null) return false;
        this.rate = new RateLimit(settings.perAgentSeconds() * 1000L, settings.perMinute());
        this.claudeDir = WaitReason.configDir(c.env());
        this.shows = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fleet-notify-show");
            t.setDaemon(true);
            return t;
        });
        notifier.onShow(this::showInvoked);
        notifier.onClosed(this::closedByServer);
        for (Agent a : agents) {
            if (a.state() == AgentState.WAITING) waiting(a, null, 0); // waiting for a while: its transcript is written
        }
        return true;
    }

    @Override
    public void changed(AgentChange c) {
        Agent a = c.agent();
        String host = c.host();
        switch (c.kind()) {
            case ADDED -> {
                if (a.state() == AgentState.WAITING) waiting(a, host, REASON_PATIENCE_MS);
            }
            case REMOVED -> closeFor(a, host);
            case STATE -> {
                if (a.state() == AgentState.WAITING) waiting(a, host, REASON_PATIENCE_MS);
                else if (c.from() == AgentState.BUSY && a.state() == AgentState.IDLE && settings.finished()) finished(a, host);
                else closeFor(a, host); // it moved on: what was shown is no longer true
            }
            case LABEL -> relabel(a, host);
            default -> { }
        }
    }

    private void waiting(Agent a, String host, long patienceMillis) {
        if (!settings.waiting()) {
            closeFor(a, host);
            return;
        }
        show(a, host, Kind.WAITING, reason(a, host, patienceMillis));
    }

    /** Why it waits: from its transcript here; another host's from what that host's fleet said ({@code waiting_for}). */
    private String reason(Agent a, String host, long patienceMillis) {
        return host == null ? WaitReason.of(a, claudeDir, patienceMillis) : WaitReason.remote(a.waitingFor());
    }

    private void finished(Agent a, String host) {
        show(a, host, Kind.FINISHED, "finished its turn");
    }

    /** A new name on a notification already showing: replaced in place, not limited (it adds none). */
    private void relabel(Agent a, String host) {
        Shown s;
        synchronized (shown) {
            s = shown.get(key(a, host));
        }
        if (s == null) return;
        show(a, host, s.kind(), s.kind() == Kind.WAITING ? reason(a, host, 0) : "finished its turn");
    }

    private void show(Agent a, String host, Kind kind, String why) {
        String key = key(a, host);
        if (InFront.test(a)) { // never for another host's agent: it has no locations here
            closeFor(a, host); // the user is looking at it
            return;
        }
        Shown old;
        synchronized (shown) {
            old = shown.get(key);
        }
        if (old == null && !rate.allow(key, System.currentTimeMillis())) {
            ctx.log().accept("notify: rate limit: no notification for " + a.displayName());
            return;
        }
        String body = why + "\n" + (host == null ? folder(a.cwd()) : a.cwd() == null ? "" : a.cwd());
        String summary = host == null ? a.displayName() : a.displayName() + " on " + host;
        try {
            long id = notifier.show(new Notifier.Note(old == null ? 0 : old.id(), summary, body, true, kind == Kind.WAITING));
            synchronized (shown) {
                shown.put(key, new Shown(id, kind, a, host));
            }
        } catch (Notifier.NotifyException e) {
            logOnce(e.getMessage());
        }
    }

    private void closeFor(Agent a, String host) {
        Shown s;
        synchronized (shown) {
            s = shown.remove(key(a, host));
        }
        if (s == null) return;
        try {
            notifier.close(s.id());
        } catch (Notifier.NotifyException e) {
            logOnce(e.getMessage());
        }
    }

    /**
     * "Show" on notification {@code id}: the daemon's own switch, off the bus's dispatch thread. Another host's
     * agent by its session id (not in this machine's picture: the switch finds it in the hosts' streams).
     */
    private void showInvoked(long id) {
        Shown remote = remoteShown(id);
        if (remote != null) {
            shows.execute(() -> {
                int exit = ctx.focus().applyAsInt(remote.agent());
                if (exit != 0) ctx.log().accept("notify: Show " + remote.agent().displayName() + " on " + remote.host() + ": switch exited " + exit);
            });
            return;
        }
        String key = keyOf(id);
        if (key == null) return;
        shows.execute(() -> {
            for (Agent a : ctx.picture().get()) {
                if (key.equals(key(a, null))) {
                    int exit = ctx.focus().applyAsInt(a);
                    if (exit != 0) ctx.log().accept("notify: Show " + a.displayName() + ": switch exited " + exit);
                    return;
                }
            }
        });
    }

    /** The user dismissed it or it expired: forget it, so it is not closed twice nor replaced. */
    private void closedByServer(long id) {
        synchronized (shown) {
            shown.values().removeIf(s -> s.id() == id);
        }
    }

    private Shown remoteShown(long id) {
        synchronized (shown) {
            for (Shown s : shown.values()) if (s.id() == id && s.host() != null) return s;
        }
        return null;
    }

    private String keyOf(long id) {
        synchronized (shown) {
            for (Map.Entry<String, Shown> e : shown.entrySet()) if (e.getValue().id() == id) return e.getKey();
        }
        return null;
    }

    /**
     * One notification per agent process: the session id, tied to its pid (a resumed session is a new agent);
     * another host's, prefixed with that host (pids are per machine).
     */
    private static String key(Agent a, String host) {
        return (host == null ? "" : host + "/") + a.pid() + ":" + a.sessionId();
    }

    private String folder(String cwd) {
        if (cwd == null) return "";
        String home = ctx.env().get("HOME");
        if (home != null && home.length() > 1 && (cwd.equals(home) || cwd.startsWith(home + "/"))) return "~" + cwd.substring(home.length());
        return cwd;
    }

    /** A bus that went away would otherwise log a line per change. */
    private void logOnce(String message) {
        if (Objects.equals(message, lastError)) return;
        lastError = message;
        ctx.log().accept("notify: " + message);
    }

    @Override
    public void stop() {
        List<Shown> left;
        synchronized (shown) {
            left = List.copyOf(shown.values());
            shown.clear();
        }
        for (Shown s : left) {
            try {
                notifier.close(s.id());
            } catch (Notifier.NotifyException e) {
                logOnce(e.getMessage());
            }
        }
        if (shows != null) shows.shutdownNow();
        notifier.close();
    }
}
