package dev.fleet.daemon;

import dev.fleet.core.claude.Agent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the {@link Reactor}s: started with the picture of the first scan, fed every change on one
 * thread of their own (in order), stopped — and their marks and notifications removed — when the
 * daemon stops. A reactor that throws is logged and stays in (the next change may work).
 */
public final class Reactors implements AutoCloseable {
    private final List<Reactor> running = new ArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fleet-reactors");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> log;

    private Reactors(Consumer<String> log) {
        this.log = log;
    }

    /**
     * Starts every reactor on the class path that wants to run; feeds them {@code registry}'s changes.
     * Fresh instances each time (not the per-JVM {@code Services} cache): reactors hold what they show,
     * and a second daemon in one JVM (tests) must not get the first one's stopped reactors.
     */
    public static Reactors start(Reactor.Context ctx, AgentRegistry registry) {
        List<Reactor> fresh = new ArrayList<>();
        java.util.ServiceLoader.load(Reactor.class).forEach(fresh::add);
        return start(fresh, ctx, registry);
    }

    public static Reactors start(List<Reactor> candidates, Reactor.Context ctx, AgentRegistry registry) {
        Reactors rs = new Reactors(ctx.log());
        List<Agent> now = registry.agents();
        for (Reactor r : candidates) {
            try {
                if (r.start(ctx, now)) {
                    rs.running.add(r);
                    ctx.log().accept(r.name() + ": on");
                }
            } catch (RuntimeException e) {
                ctx.log().accept(r.name() + ": not started: " + e.getMessage());
            }
        }
        if (!rs.running.isEmpty()) registry.addChangeListener(rs::submit);
        return rs;
    }

    private void submit(AgentChange c) {
        try {
            thread.execute(() -> {
                for (Reactor r : running) {
                    if (c.remote() && !r.remoteToo()) continue;
                    try {
                        r.changed(c);
                    } catch (RuntimeException e) {
                        log.accept(r.name() + ": " + e.getMessage());
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: nothing more is shown
        }
    }

    /** Waits for the changes already handed over (up to 5 s), then stops every reactor. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Reactor r : running) {
            try {
                r.stop();
            } catch (RuntimeException e) {
                log.accept(r.name() + ": stopping: " + e.getMessage());
            }
        }
        running.clear();
    }
}
