package dev.fleet.daemon;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Attention;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Marks where the user already looks (tmux options, the kitty tab, the window manager's urgency) while
 * an agent waits: every layer offering {@link Attention} and not turned off with {@code mark.<layer> =
 * off} is shown the picture after each change, and cleared when the daemon stops.
 *
 * <p>It shows the whole current picture rather than the one agent of a change: an agent that arrives is
 * located a moment later without a change of its own, and a pane can move to another window. For the
 * same reason it looks again every {@link #RESYNC}; a look that finds nothing changed costs no call.
 *
 * <p>What is marked is kept in a {@link MarkLedger} beside the daemon's socket, so marks left by a daemon
 * killed with SIGKILL are taken over at the next start: kept if still wanted, taken back exactly if not.
 */
public final class MarkReactor implements Reactor {
    static final Duration RESYNC = Duration.ofSeconds(1);

    private final Layers layers;
    private final Map<String, Attention> marks = new LinkedHashMap<>();
    private MarkLedger ledger;
    private Context ctx;
    private FocusContext focus;
    private ScheduledExecutorService timer;
    private boolean stopped;

    public MarkReactor() {
        this(null);
    }

    /** With these layers instead of those on the class path (tests). */
    MarkReactor(Layers layers) {
        this.layers = layers;
    }

    @Override
    public String name() {
        return "mark";
    }

    @Override
    public synchronized boolean start(Context ctx, List<Agent> agents) {
        // the daemon gets its reactors from Services, one instance per JVM: a daemon started after
        // another in the same JVM (tests) starts this one afresh
        this.ctx = ctx;
        marks.clear();
        stopped = false;
        focus = focusContext(ctx.env(), ctx.log());
        ledger = new MarkLedger(SocketPaths.dir(ctx.env()), ctx.log());
        Map<String, List<Map<String, Object>>> left = ledger.read();
        for (Layer l : (layers != null ? layers : Layers.load()).innermostFirst()) {
            Attention a = l.attention().orElse(null);
            if (a == null) continue;
            List<Map<String, Object>> theirs = left.remove(l.id());
            if (theirs != null) {
                a.adopt(theirs);
                ctx.log().accept("mark: taking over " + theirs.size() + " " + l.id() + " mark(s) a killed daemon left");
            }
            if (ctx.config().bool("mark." + l.id(), true, w -> ctx.log().accept("warning: " + w))) {
                marks.put(l.id(), a);
            } else if (theirs != null) {
                a.clear(focus); // turned off since they were set: take them back all the same
            }
        }
        if (!left.isEmpty()) ctx.log().accept("mark: no layer here to take back the marks of " + left.keySet() + " a killed daemon left");
        if (marks.isEmpty()) {
            ledger.write(Map.of());
            ctx.log().accept("mark: off (no layer to mark in, or every mark.* is off)");
            return false;
        }
        ctx.log().accept("mark: marking waiting agents in " + String.join(", ", marks.keySet()));
        show(agents);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fleet-marks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::resync, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public void changed(AgentChange change) {
        show(ctx.picture().get());
    }

    private void resync() {
        try {
            show(ctx.picture().get());
        } catch (RuntimeException e) {
            ctx.log().accept("mark: " + e);
        }
    }

    /** Marks need no process snapshot: an empty one keeps the context whole. */
    private static FocusContext focusContext(Map<String, String> env, java.util.function.Consumer<String> log) {
        return new FocusContext(ProcSnapshot.of(Path.of("/proc"), List.of()), env, Exec.withTimeout(Duration.ofSeconds(5)),
                note -> log.accept("mark: " + note), Map.of());
    }

    private synchronized void show(List<Agent> agents) {
        if (stopped) return;
        for (Attention a : marks.values()) a.show(focus, agents);
        record();
    }

    private void record() {
        Map<String, List<Map<String, Object>>> now = new LinkedHashMap<>();
        marks.forEach((id, a) -> now.put(id, a.ledger()));
        ledger.write(now);
    }

    /**
     * Takes back the marks a killed daemon left ({@code fleet daemon stop} when no daemon runs; the caller
     * holds the daemon's lock, so none starts meanwhile). Returns how many there were.
     */
    public static int sweep(Path dir, Map<String, String> env, java.util.function.Consumer<String> log) {
        MarkLedger ledger = new MarkLedger(dir, log);
        Map<String, List<Map<String, Object>>> left = ledger.read();
        if (left.isEmpty()) return 0;
        FocusContext focus = focusContext(env, log);
        int n = 0;
        for (Layer l : Layers.load().innermostFirst()) {
            List<Map<String, Object>> theirs = left.remove(l.id());
            Attention a = l.attention().orElse(null);
            if (theirs == null || a == null) continue;
            a.adopt(theirs);
            a.clear(focus);
            n += theirs.size();
        }
        if (!left.isEmpty()) log.accept("no layer here to take back the marks of " + left.keySet());
        ledger.write(Map.of());
        return n;
    }

    /** Takes every mark back; nothing is shown after this. */
    @Override
    public void stop() {
        ScheduledExecutorService t;
        synchronized (this) {
            if (stopped) return;
            stopped = true;
            t = timer;
            for (Attention a : marks.values()) {
                try {
                    a.clear(focus);
                } catch (RuntimeException e) {
                    ctx.log().accept("mark: clearing: " + e.getMessage());
                }
            }
            record();
        }
        if (t != null) t.shutdownNow();
    }
}
