package dev.fleet.daemon;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentDiscovery;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.claude.SessionFile;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.label.LabelStore;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.proc.ProcInfo;
import dev.fleet.core.proc.ProcSnapshot;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the {@link AgentRegistry} current. A full scan first; then event-driven: an inotify watch
 * (WatchService) on {@code sessions/} re-reads just the files that changed, a liveness check of the
 * known pids every second notices processes that exited without removing their file, and a
 * reconciliation pass every {@code reconcileEvery} (≤ 5 s) catches anything a lost event missed
 * (changed mtimes, PID reuse, labels changed by another process). Locations (tmux, kitty, i3) are
 * refreshed in the background after agents appear and every {@code relocateEvery}; a switch re-locates
 * its one agent anyway. Every change runs on one thread, so the registry never sees two writers.
 *
 * <p>A question some Claude Code versions report as {@code busy} shows only in the agent's transcript,
 * which changes without its session file changing: every {@code transcripts} interval the transcripts of
 * the busy agents and of those waiting on a question are stat'ed (size and mtime, nothing read), and an
 * agent whose transcript changed is re-read (its tail, see {@link dev.fleet.core.claude.Transcripts}). A
 * timer rather than a second inotify watch: it needs no watch per project folder, and with no busy agent
 * it costs a walk of the published list (idle daemon, 200 agents: 0.55 % → 0.67 % of a core, noisy).
 */
public final class PictureKeeper implements AutoCloseable {
    /** Timing knobs; tests shorten them. */
    public record Timing(Duration debounce, Duration liveness, Duration reconcile, Duration relocate, Duration transcripts) {
        /** The transcripts of busy and waiting agents are checked this often: a question shows within it. */
        public static final Duration TRANSCRIPTS = Duration.ofMillis(250);

        public Timing(Duration debounce, Duration liveness, Duration reconcile, Duration relocate) {
            this(debounce, liveness, reconcile, relocate, TRANSCRIPTS);
        }

        public static Timing defaults() {
            // relocation every 30 s: a switch locates its agent afresh anyway; this only keeps ls's WHERE fresh
            return new Timing(Duration.ofMillis(15), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
        }
    }

    private final Path configDir;
    private final Path procRoot;
    private final Map<String, String> env;
    private final Map<String, List<String>> locateOptions;
    private final Locators locators;
    private final LabelStore labels;
    private final AgentRegistry registry;
    private final Timing timing;
    private final Consumer<String> log;
    private final AgentDiscovery discovery;
    private final Exec exec = Exec.withTimeout(Duration.ofSeconds(3));
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-picture");
        t.setDaemon(true);
        return t;
    });
    /** Per session file: what it looked like when last read (mtime ms, size), to notice missed changes. */
    private final Map<Path, long[]> seen = new HashMap<>();
    /** Per session file: the start time of the process it was accepted for (the PID-reuse guard, without re-reading the file). */
    private final Map<String, Long> startTicks = new HashMap<>();
    private final Set<Path> dirty = new HashSet<>();
    private ScheduledFuture<?> pendingRefresh;
    private ScheduledFuture<?> pendingRelocate;
    private volatile WatchService watcher;
    private volatile boolean watching;
    private Thread watchThread;
    private volatile long lastReconcile;
    private volatile long lastRelocate;

    public PictureKeeper(Path configDir, Path procRoot, Map<String, String> env, Map<String, List<String>> locateOptions,
            Locators locators, LabelStore labels, AgentRegistry registry, Timing timing, Consumer<String> log) {
        this.configDir = configDir;
        this.procRoot = procRoot;
        this.env = env;
        this.locateOptions = locateOptions;
        this.locators = locators;
        this.labels = labels;
        this.registry = registry;
        this.timing = timing;
        this.log = log;
        this.discovery = new AgentDiscovery(configDir, w -> log.accept("warning: " + w), labels::get);
    }

    public AgentRegistry registry() {
        return registry;
    }

    public LabelStore labels() {
        return labels;
    }

    public Path configDir() {
        return configDir;
    }

    public long lastReconcile() {
        return lastReconcile;
    }

    /** The full scan (on the caller's thread), then the watch and the periodic passes. */
    public void start() {
        fullScan();
        startWatching();
        worker.scheduleWithFixedDelay(guard(this::checkLiveness), timing.liveness().toMillis(), timing.liveness().toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(guard(this::reconcile), timing.reconcile().toMillis(), timing.reconcile().toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(guard(this::relocateAll), timing.relocate().toMillis(), timing.relocate().toMillis(), TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(guard(this::checkTranscripts), timing.transcripts().toMillis(), timing.transcripts().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the picture's thread and waits for it (ops that change the picture). */
    public <T> T onPictureThread(java.util.concurrent.Callable<T> task) {
        try {
            return worker.submit(task).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the daemon's picture thread did not answer: " + e);
        }
    }

    private Runnable guard(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.accept("warning: " + e);
            }
        };
    }

    /** Every session file, every locator: what {@code fleet ls} does once. */
    void fullScan() {
        ProcSnapshot proc = ProcSnapshot.read(procRoot);
        Map<String, Agent> fresh = new LinkedHashMap<>();
        List<Agent> live = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        seen.clear();
        for (Path f : discovery.sessionFiles()) {
            remember(f);
            Optional<SessionFile> s = discovery.readSession(f);
            if (s.isEmpty() || !AgentDiscovery.isAlive(proc, s.get())) continue;
            live.add(discovery.toAgent(s.get(), true, proc));
            keys.add(key(f));
            startTicks.put(key(f), proc.get(s.get().pid()).orElseThrow().startTicks());
        }
        List<Agent> located = locate(proc, live);
        for (int i = 0; i < keys.size(); i++) fresh.put(keys.get(i), located.get(i));
        registry.replaceAll(fresh);
        lastReconcile = System.currentTimeMillis();
        lastRelocate = lastReconcile;
    }

    private List<Agent> locate(ProcSnapshot proc, List<Agent> agents) {
        if (agents.isEmpty()) return agents;
        LocateContext ctx = new LocateContext(proc, env, locateOptions, exec, w -> log.accept("warning: " + w), v -> { });
        return locators.locate(ctx, agents);
    }

    private static String key(Path sessionFile) {
        return sessionFile.getFileName().toString();
    }

    private void remember(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            seen.put(f, new long[] {a.lastModifiedTime().toMillis(), a.size()});
        } catch (IOException e) {
            seen.remove(f);
        }
    }

    // --- the watch --------------------------------------------------------------------------------

    private void startWatching() {
        watching = true;
        watchThread = new Thread(this::watchLoop, "fleet-watch");
        watchThread.setDaemon(true);
        watchThread.start();
    }

    /** Watches sessions/ (or, until it exists, the config dir for its creation). */
    private void watchLoop() {
        while (watching) {
            Path sessions = discovery.sessionsDir();
            try (WatchService ws = FileSystems.getDefault().newWatchService()) {
                watcher = ws;
                boolean onSessions = Files.isDirectory(sessions);
                Path target = onSessions ? sessions : configDir;
                if (!Files.isDirectory(target)) {
                    sleep(timing.reconcile().toMillis()); // nothing to watch yet: the reconciliation covers it
                    continue;
                }
                target.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                if (!onSessions) worker.execute(guard(this::reconcile));
                while (watching) {
                    WatchKey k = ws.take();
                    boolean rescan = false;
                    Set<Path> files = new HashSet<>();
                    for (WatchEvent<?> ev : k.pollEvents()) {
                        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                            rescan = true;
                            continue;
                        }
                        Path name = (Path) ev.context();
                        if (!onSessions) {
                            if (name.toString().equals("sessions")) rescan = true;
                            continue;
                        }
                        String n = name.toString();
                        if (n.endsWith(".json") && !n.startsWith(".")) files.add(sessions.resolve(name));
                    }
                    boolean valid = k.reset();
                    if (rescan) worker.execute(guard(this::reconcile));
                    if (!files.isEmpty()) markDirty(files);
                    if (!valid || (!onSessions && Files.isDirectory(sessions))) break; // re-register
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (IOException e) {
                log.accept("warning: cannot watch " + sessions + ": " + e.getMessage() + "; relying on the " + timing.reconcile().toSeconds() + " s reconciliation");
                sleep(timing.reconcile().toMillis());
            }
        }
    }

    private void markDirty(Set<Path> files) {
        synchronized (dirty) {
            dirty.addAll(files);
            if (pendingRefresh == null || pendingRefresh.isDone()) {
                // a short debounce: Claude Code writes status and then updatedAt in quick succession
                pendingRefresh = worker.schedule(guard(this::refreshDirty), timing.debounce().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void refreshDirty() {
        Set<Path> files;
        synchronized (dirty) {
            files = new HashSet<>(dirty);
            dirty.clear();
        }
        boolean added = false;
        for (Path f : files) added |= refreshFile(f);
        if (added) scheduleRelocate();
    }

    /** Re-reads one session file; returns true when it brought a new agent (to be located). */
    private boolean refreshFile(Path f) {
        String key = key(f);
        Agent old = registry.get(key);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            seen.remove(f);
            registry.remove(key);
            return false;
        }
        remember(f);
        Optional<SessionFile> s = discovery.readSession(f);
        if (s.isEmpty()) return false; // mid-write or malformed: keep what we had, the next event re-reads
        ProcSnapshot proc = ProcSnapshot.read(procRoot); // lazy: reads just this agent's process
        if (!AgentDiscovery.isAlive(proc, s.get())) {
            registry.remove(key);
            return false;
        }
        startTicks.put(key, proc.get(s.get().pid()).orElseThrow().startTicks());
        Agent a = discovery.toAgent(s.get(), true, proc);
        registry.put(key, a);
        return old == null || old.pid() != a.pid();
    }

    // --- periodic passes ---------------------------------------------------------------------------

    /** Processes that exited (or crashed) without removing their file: one stat of /proc/&lt;pid&gt; each. */
    private void checkLiveness() {
        for (Map.Entry<String, Agent> e : registry.snapshot().entrySet()) {
            if (!Files.isDirectory(procRoot.resolve(Integer.toString(e.getValue().pid())))) registry.remove(e.getKey());
        }
    }

    /**
     * Busy agents, agents waiting on a question or plan approval, and agents that began waiting in the
     * last {@link #REASON_LATE_MS} whose transcript changed: re-read (it may end in a question now, or no
     * longer). The last because Claude Code (2.1.330) writes {@code status: waiting} ~100 ms before the tool
     * call reaches the transcript, so the reason may arrive after the state; an agent that has waited
     * longer is left to its session file (a stat per waiting agent four times a second tripled the idle
     * daemon's CPU with 70 waiting agents).
     */
    void checkTranscripts() {
        // the common case, nobody busy: a walk of the published list, no copy of the picture
        if (registry.agents().stream().noneMatch(PictureKeeper::mayAsk)) return;
        boolean added = false;
        for (Map.Entry<String, Agent> e : registry.snapshot().entrySet()) {
            Agent a = e.getValue();
            if (!mayAsk(a)) continue;
            if (discovery.transcripts().changedSinceRead(a.cwd(), a.sessionId())) {
                added |= refreshFile(discovery.sessionsDir().resolve(e.getKey()));
            }
        }
        if (added) scheduleRelocate();
    }

    /** How long after an agent began waiting its transcript may still bring the reason. */
    static final long REASON_LATE_MS = 3_000;

    private static boolean mayAsk(Agent a) {
        if (a.state() == AgentState.BUSY) return true;
        if (a.state() != AgentState.WAITING) return false;
        return dev.fleet.core.claude.PendingQuestion.isReason(a.waitingFor())
                || System.currentTimeMillis() - a.stateSince() < REASON_LATE_MS;
    }

    /** Catches what events missed: new, changed, vanished files, PID reuse, labels changed elsewhere. */
    void reconcile() {
        List<Path> files = discovery.sessionFiles();
        Set<Path> present = new HashSet<>(files);
        Set<String> presentKeys = new HashSet<>();
        boolean added = false;
        for (Path f : files) {
            presentKeys.add(key(f));
            long[] before = seen.get(f);
            long[] now;
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                now = new long[] {a.lastModifiedTime().toMillis(), a.size()};
            } catch (IOException e) {
                continue;
            }
            Agent known = registry.get(key(f));
            if (before == null || before[0] != now[0] || before[1] != now[1]) {
                added |= refreshFile(f);
            } else if (known != null) {
                // same file: is it still the same process (not a reused pid)? One stat read, no JSON.
                Optional<ProcInfo> info = ProcSnapshot.readStat(procRoot, known.pid());
                Long accepted = startTicks.get(key(f));
                if (info.isEmpty() || (accepted != null && info.get().startTicks() != accepted)) registry.remove(key(f));
            }
        }
        seen.keySet().retainAll(present);
        startTicks.keySet().retainAll(presentKeys);
        for (String k : registry.snapshot().keySet()) if (!presentKeys.contains(k)) registry.remove(k);
        registry.relabel(labels.all());
        lastReconcile = System.currentTimeMillis();
        if (added) scheduleRelocate();
    }

    private void scheduleRelocate() {
        if (pendingRelocate == null || pendingRelocate.isDone()) {
            pendingRelocate = worker.schedule(guard(this::relocateAll), 100, TimeUnit.MILLISECONDS);
        }
    }

    /** One locate pass over every live agent (tmux, kitty, i3 queries: one each). */
    void relocateAll() {
        Map<String, Agent> snap = registry.snapshot();
        if (snap.isEmpty()) return;
        ProcSnapshot proc = ProcSnapshot.read(procRoot);
        List<String> keys = new ArrayList<>(snap.keySet());
        List<Agent> bare = new ArrayList<>();
        for (String k : keys) bare.add(snap.get(k).withoutLocations());
        List<Agent> located = locate(proc, bare);
        Map<String, Agent> out = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) out.put(keys.get(i), located.get(i));
        registry.relocated(out);
        lastRelocate = System.currentTimeMillis();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        watching = false;
        WatchService ws = watcher;
        if (ws != null) {
            try {
                ws.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (watchThread != null) watchThread.interrupt();
        worker.shutdownNow();
    }
}
