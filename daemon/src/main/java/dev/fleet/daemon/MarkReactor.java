package dev.fleet.daemon;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Attention;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 */
public final class MarkReactor implements Reactor {
    static final Duration RESYNC = Duration.ofSeconds(1);

    private final Layers layers;
    private final List<Attention> marks = new ArrayList<>();
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
        List<String> on = new ArrayList<>();
        for (Layer l : (layers != null ? layers : Layers.load()).innermostFirst()) {
            if (!ctx.config().bool("mark." + l.id(), true, w -> ctx.log().accept("warning: " + w))) continue;
            l.attention().ifPresent(a -> {
                marks.add(a);
                on.add(l.id());
            });
        }
        if (marks.isEmpty()) {
            ctx.log().accept("mark: off (no layer to mark in, or every mark.* is off)");
            return false;
        }
        ctx.log().accept("mark: marking waiting agents in " + String.join(", ", on));
        // marks need no process snapshot: an empty one keeps the context whole
        focus = new FocusContext(ProcSnapshot.of(Path.of("/proc"), List.of()), ctx.env(),
                Exec.withTimeout(Duration.ofSeconds(5)), note -> ctx.log().accept("mark: " + note), Map.of());
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

    private synchronized void show(List<Agent> agents) {
        if (stopped) return;
        for (Attention a : marks) a.show(focus, agents);
    }

    /** Takes every mark back; nothing is shown after this. */
    @Override
    public void stop() {
        ScheduledExecutorService t;
        synchronized (this) {
            if (stopped) return;
            stopped = true;
            t = timer;
            for (Attention a : marks) {
                try {
                    a.clear(focus);
                } catch (RuntimeException e) {
                    ctx.log().accept("mark: clearing: " + e.getMessage());
                }
            }
        }
        if (t != null) t.shutdownNow();
    }
}
