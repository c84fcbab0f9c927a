package dev.fleet.workspace;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.tmux.Tmux;
import dev.fleet.workspace.WorkspaceState.PaneEntry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The aggregator: one tmux session (on fleet's own server) with one window and one pane per agent;
 * each pane runs a tmux client attached to a linked session on the agent's own server. A linked
 * session ({@code new-session -t}) shares the agent session's windows, so the pane shows the agent
 * live without touching the agent's session.
 *
 * <p>Sizing: the pane clients are {@link ViewerClient}s ({@code -f ignore-size}): a window a user's own
 * client shows keeps that client's size; a window nobody else shows fits its tile; no option of the
 * agent's server is changed.
 *
 * <p>Every action either completes or undoes what it created (in reverse order) and names the step
 * that failed. Nothing here ever kills a session whose name does not start with
 * {@link WorkspaceTarget#LINKED_PREFIX}, except the aggregator session on fleet's own server.
 */
public final class Workspace {
    /** Called before every step; tests throw from it to check rollback. */
    public interface StepHook {
        void before(String step);
    }

    /** What an open or refresh did. */
    public record Outcome(String action, WorkspaceState state, List<String> added, List<String> removed,
            List<String> respawned) {}

    /** One pane as {@code status} sees it now. */
    public record PaneStatus(PaneEntry entry, boolean present, boolean dead, boolean linkedAlive) {}

    public record Status(WorkspaceState state, boolean aggregatorAlive, List<PaneStatus> panes) {}

    private static final String WINDOW_NAME = "agents";

    private final WorkspaceConfig cfg;
    private final Exec exec;
    private final EventLog log;
    private StepHook hook = s -> {};

    public Workspace(WorkspaceConfig cfg, Exec exec) {
        this.cfg = cfg;
        this.exec = exec;
        this.log = new EventLog(cfg.eventLog());
    }

    public Workspace withStepHook(StepHook h) {
        this.hook = h;
        return this;
    }

    public WorkspaceConfig config() {
        return cfg;
    }

    public EventLog log() {
        return log;
    }

    /** The command that shows the aggregator: {@code tmux -S <socket> attach -t =<session>}. */
    public List<String> attachCommand() {
        return List.of("tmux", "-S", cfg.aggregatorSocket().toString(), "attach-session", "-t", "=" + cfg.aggregatorSession());
    }

    public Optional<WorkspaceState> state() {
        return WorkspaceState.load(cfg.stateFile());
    }

    // --- open / refresh ----------------------------------------------------------------------------

    /** Builds the workspace, or refreshes it when it is already open. */
    public Outcome open(List<WorkspaceTarget> targets) {
        Optional<WorkspaceState> st = state();
        if (st.isPresent() && aggregatorAlive(st.get())) return refresh(targets);
        if (st.isPresent()) {
            // a workspace whose aggregator died (tmux killed, reboot): clear what is left of it first
            log.write("open.stale", Map.of("aggregator_session", st.get().aggregatorSession()));
            teardown(st.get());
        } else if (aggregatorAlive(cfg.aggregatorSocket(), cfg.aggregatorSession())) {
            // no state but a live aggregator (state file removed): replace it, never duplicate it
            agg("kill-session", "-t", "=" + cfg.aggregatorSession());
        }
        if (targets.isEmpty()) throw new WorkspaceException("select", "no agent in tmux to show");
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            OwnServerSocket.ensureDir(cfg.aggregatorSocket());
            List<String> linked = new ArrayList<>();
            for (WorkspaceTarget t : targets) linked.add(t.remote() ? "" : ensureLinked(t, undo));

            step("aggregator");
            String winTarget = "=" + cfg.aggregatorSession() + ":" + WINDOW_NAME;
            // remain-on-exit is set in the same command list as new-session, before tmux can reap a
            // pane command that fails at once, so a failing first pane never takes the session down
            Exec.Result r = agg(List.of("new-session", "-d", "-s", cfg.aggregatorSession(), "-n", WINDOW_NAME,
                    "-x", Integer.toString(cfg.width()), "-y", Integer.toString(cfg.height()),
                    "-P", "-F", "#{pane_id}", paneCommand(targets.get(0), linked.get(0)),
                    ";", "set-option", "-w", "-t", winTarget, "remain-on-exit", "on"));
            if (!r.ok()) throw fail("aggregator", "tmux new-session on " + cfg.aggregatorSocket() + ": " + r.firstErrorLine());
            undo.push(() -> agg("kill-session", "-t", "=" + cfg.aggregatorSession()));
            String firstPane = r.out().strip().lines().findFirst().orElse("");
            decorate(winTarget);

            List<PaneEntry> entries = new ArrayList<>();
            entries.add(new PaneEntry(targets.get(0), linked.get(0), firstPane));
            title(firstPane, targets.get(0));
            for (int i = 1; i < targets.size(); i++) {
                String pane = split(winTarget, targets.get(i), linked.get(i));
                entries.add(new PaneEntry(targets.get(i), linked.get(i), pane));
            }
            step("layout");
            aggCheck("layout", "select-layout", "-t", winTarget, cfg.layout());
            long now = System.currentTimeMillis();
            WorkspaceState s = new WorkspaceState(cfg.aggregatorSocket(), cfg.aggregatorSession(), cfg.layout(),
                    cfg.width(), cfg.height(), now, now, entries, null);
            step("state");
            s.save(cfg.stateFile());
            log.write("open", Map.of("panes", names(entries), "aggregator_socket", cfg.aggregatorSocket().toString(),
                    "aggregator_session", cfg.aggregatorSession()));
            return new Outcome("opened", s, names(entries), List.of(), List.of());
        } catch (RuntimeException | java.io.IOException e) {
            rollback(undo);
            String step = e instanceof WorkspaceException we ? we.step() : "open";
            log.write("open.failed", Map.of("step", step, "error", String.valueOf(e.getMessage())));
            throw new WorkspaceException(step, "workspace open failed at step '" + step + "': " + e.getMessage()
                    + " (everything it created was removed)");
        }
    }

    /**
     * Brings an open workspace up to date: panes for new agents split in, panes of gone agents
     * removed, panes whose agent moved or whose client died respawned, titles renewed.
     */
    public Outcome refresh(List<WorkspaceTarget> targets) {
        WorkspaceState st = state().orElseThrow(() -> new WorkspaceException("state", "no workspace is open"));
        if (!aggregatorAlive(st)) {
            throw new WorkspaceException("aggregator", "the workspace's tmux session " + st.aggregatorSession()
                    + " is gone; run 'fleet workspace open' to build it again");
        }
        String winTarget = "=" + st.aggregatorSession() + ":" + WINDOW_NAME;
        Map<String, Boolean> paneDead = aggPanes(winTarget);
        Map<String, PaneEntry> old = new LinkedHashMap<>();
        for (PaneEntry e : st.panes()) old.put(e.target().key(), e);
        Map<String, WorkspaceTarget> now = new LinkedHashMap<>();
        for (WorkspaceTarget t : targets) now.put(t.key(), t);

        Deque<Runnable> undo = new ArrayDeque<>();
        List<PaneEntry> entries = new ArrayList<>();
        List<String> added = new ArrayList<>(), removed = new ArrayList<>(), respawned = new ArrayList<>();
        try {
            // add and respawn first: removing first could close the window's last pane, and the session with it
            for (WorkspaceTarget t : targets) {
                PaneEntry e = old.get(t.key());
                if (e == null || !paneDead.containsKey(e.aggregatorPane())) {
                    String linked = t.remote() ? "" : ensureLinked(t, undo);
                    String pane = split(winTarget, t, linked);
                    undo.push(() -> agg("kill-pane", "-t", pane));
                    entries.add(new PaneEntry(t, linked, pane));
                    added.add(t.name());
                    continue;
                }
                // a remote tile has nothing on this machine's tmux: only its pane's life says anything
                boolean moved = !e.linkedSession().equals(t.linkedSession());
                boolean linkedGone = !t.remote() && !hasSession(t.socket(), t.linkedSession());
                boolean dead = Boolean.TRUE.equals(paneDead.get(e.aggregatorPane()));
                boolean resize = !t.remote() && !moved && !linkedGone && !dead && sizingStale(t, e.linkedSession());
                if (moved || linkedGone || dead || resize) {
                    String linked = t.remote() ? "" : ensureLinked(t, undo);
                    step("respawn-pane");
                    aggCheck("respawn-pane", "respawn-pane", "-k", "-t", e.aggregatorPane(), paneCommand(t, linked));
                    if (moved && !e.target().remote()) killLinked(e.target().socket(), e.linkedSession());
                    respawned.add(t.name());
                }
                title(e.aggregatorPane(), t);
                entries.add(new PaneEntry(t, t.linkedSession(), e.aggregatorPane()));
            }
            if (entries.isEmpty()) {
                // every agent is gone: a workspace of nothing is closed, not left empty
                close(st);
                log.write("refresh.empty", Map.of());
                return new Outcome("closed", st.withPanes(List.of()), List.of(), names(st.panes()), List.of());
            }
            for (PaneEntry e : st.panes()) {
                if (now.containsKey(e.target().key())) continue;
                step("kill-pane");
                if (paneDead.containsKey(e.aggregatorPane())) agg("kill-pane", "-t", e.aggregatorPane());
                if (!e.target().remote()) killLinked(e.target().socket(), e.linkedSession());
                removed.add(e.target().name());
            }
            step("layout");
            aggCheck("layout", "select-layout", "-t", winTarget, st.layout() == null ? cfg.layout() : st.layout());
            WorkspaceState s = st.withPanes(entries);
            s.save(cfg.stateFile());
            log.write("refresh", Map.of("added", added, "removed", removed, "respawned", respawned));
            return new Outcome(added.isEmpty() && removed.isEmpty() && respawned.isEmpty() ? "unchanged" : "refreshed",
                    s, added, removed, respawned);
        } catch (RuntimeException e) {
            rollback(undo);
            String step = e instanceof WorkspaceException we ? we.step() : "refresh";
            log.write("refresh.failed", Map.of("step", step, "error", String.valueOf(e.getMessage())));
            throw new WorkspaceException(step, "workspace refresh failed at step '" + step + "': " + e.getMessage()
                    + " (what it added was removed; the rest is as before)");
        }
    }

    /** Records the terminal window opened for the aggregator (the launcher's JSON). */
    public WorkspaceState recordWindow(Map<String, Object> window) {
        WorkspaceState s = state().orElseThrow(() -> new WorkspaceException("state", "no workspace is open"));
        WorkspaceState w = s.withWindow(window);
        w.save(cfg.stateFile());
        log.write("window", window == null ? Map.of() : Map.of("window", window));
        return w;
    }

    // --- close / status ----------------------------------------------------------------------------

    /**
     * Kills the aggregator and every linked session this workspace made; never an agent's session.
     * Idempotent: false when there was nothing to close. (The terminal window is the caller's: it
     * closes it first, from {@link WorkspaceState#window()}.)
     */
    public boolean close() {
        Optional<WorkspaceState> st = state();
        if (st.isEmpty()) {
            boolean alive = aggregatorAlive(cfg.aggregatorSocket(), cfg.aggregatorSession());
            if (alive) {
                agg("kill-session", "-t", "=" + cfg.aggregatorSession());
                log.write("close", Map.of("note", "no state file; killed the aggregator only"));
            }
            OwnServerSocket.removeIfDead(cfg.aggregatorSocket(), exec);
            return alive;
        }
        close(st.get());
        return true;
    }

    private void close(WorkspaceState st) {
        List<String> killed = teardown(st);
        WorkspaceState.delete(cfg.stateFile());
        // the aggregator's server is fleet's own: with its session gone, neither it nor its socket file
        // stays behind (a dead socket makes 'fleet doctor' warn)
        OwnServerSocket.removeIfDead(st.aggregatorSocket(), exec);
        log.write("close", Map.of("aggregator_session", st.aggregatorSession(), "linked_sessions", killed));
    }

    private List<String> teardown(WorkspaceState st) {
        runAgg(st.aggregatorSocket(), List.of("kill-session", "-t", "=" + st.aggregatorSession()));
        List<String> killed = new ArrayList<>();
        // a remote tile's viewer session goes on its host when the aggregator's kill ends the tile's ssh (its hook)
        for (PaneEntry e : st.panes()) {
            if (!e.target().remote() && killLinked(e.target().socket(), e.linkedSession())) killed.add(e.linkedSession());
        }
        return killed;
    }

    public Optional<Status> status() {
        Optional<WorkspaceState> st = state();
        if (st.isEmpty()) return Optional.empty();
        WorkspaceState s = st.get();
        boolean alive = aggregatorAlive(s);
        Map<String, Boolean> panes = alive ? aggPanes("=" + s.aggregatorSession() + ":" + WINDOW_NAME) : Map.of();
        List<PaneStatus> out = new ArrayList<>();
        for (PaneEntry e : s.panes()) {
            out.add(new PaneStatus(e, panes.containsKey(e.aggregatorPane()), Boolean.TRUE.equals(panes.get(e.aggregatorPane())),
                    !e.target().remote() && hasSession(e.target().socket(), e.linkedSession())));
        }
        return Optional.of(new Status(s, alive, out));
    }

    // --- steps -------------------------------------------------------------------------------------

    /**
     * The linked session for {@code t}: joins the agent session's group, pinned to the agent's window
     * with the agent's pane selected. Reused when it already exists (deterministic name).
     */
    private String ensureLinked(WorkspaceTarget t, Deque<Runnable> undo) {
        String name = t.linkedSession();
        step("linked-session");
        Tmux tmux = new Tmux(exec, t.socket());
        boolean existed = hasSession(t.socket(), name);
        if (!existed) {
            Exec.Result r = tmux.run("new-session", "-d", "-t", t.sessionId(), "-s", name);
            if (!r.ok()) throw fail("linked-session", "tmux new-session -t " + t.sessionName() + " on " + t.socket() + ": " + r.firstErrorLine());
            undo.push(() -> killLinked(t.socket(), name));
        }
        // destroy-unattached off: a user config that sets it must not kill the session between our steps;
        // status off: the pane shows the agent, not a second status line
        // set-titles: the viewer tells its tile the agent's live state (TileTitle)
        // (set-option in tmux 3.3 does not take the "=" exact-match prefix; the full name matches exactly first)
        Exec.Result r = tmux.run("set-option", "-t", name, "destroy-unattached", "off",
                ";", "set-option", "-t", name, "status", "off",
                ";", "set-option", "-t", name, TileTitle.PANE_OPTION, t.paneId(),
                ";", "set-option", "-t", name, TileTitle.STATIC_OPTION, t.title(),
                ";", "set-option", "-t", name, "set-titles-string", TileTitle.VIEWER_TITLE,
                ";", "set-option", "-t", name, "set-titles", "on",
                ";", "select-window", "-t", "=" + name + ":" + t.windowId(),
                ";", "select-pane", "-t", t.paneId());
        if (!r.ok()) throw fail("linked-session", "tmux on " + t.socket() + " could not pin " + name + " to "
                + t.windowId() + "." + t.paneId() + ": " + r.firstErrorLine());
        return name;
    }

    /** A new aggregator pane for {@code t}, re-tiling first so there is always room for it. */
    private String split(String winTarget, WorkspaceTarget t, String linked) {
        step("split-window");
        agg("select-layout", "-t", winTarget, "tiled");
        Exec.Result r = agg("split-window", "-d", "-t", winTarget, "-P", "-F", "#{pane_id}", paneCommand(t, linked));
        if (!r.ok()) throw fail("split-window", "tmux split-window for " + t.name() + ": " + r.firstErrorLine());
        String pane = r.out().strip();
        title(pane, t);
        return pane;
    }

    /**
     * The border's static title and the pane's user options the jump key reads. The pane title itself is
     * the viewer's (TileTitle): set here, it could overwrite a live title the viewer already sent, which
     * the viewer sends again only when the agent's state changes.
     */
    private void title(String pane, WorkspaceTarget t) {
        step("pane-title");
        aggCheck("pane-title", "set-option", "-p", "-t", pane, "@fleet_title", t.title(),
                ";", "set-option", "-p", "-t", pane, TileTitle.NAME_OPTION, t.name(),
                ";", "set-option", "-p", "-t", pane, "@fleet_socket", t.socket().toString(),
                ";", "set-option", "-p", "-t", pane, "@fleet_session_id", t.claudeSessionId() == null ? Integer.toString(t.agentPid()) : t.claudeSessionId(),
                ";", "set-option", "-p", "-t", pane, "@fleet_agent_pid", Integer.toString(t.agentPid()));
    }

    /** Borders with titles, mouse selection, and the jump key; all on fleet's own server. */
    private void decorate(String winTarget) {
        step("options");
        String session = cfg.aggregatorSession();
        String jump = Shell.quote(cfg.fleetBin()) + " switch --attach --tmux-socket #{q:@fleet_socket} #{q:@fleet_session_id}";
        aggCheck("options",
                "set-option", "-w", "-t", winTarget, "pane-border-status", "top",
                ";", "set-option", "-w", "-t", winTarget, "pane-border-format", TileTitle.borderFormat(),
                ";", "set-option", "-w", "-t", winTarget, "allow-rename", "off",
                ";", "set-option", "-w", "-t", winTarget, "automatic-rename", "off",
                ";", "set-option", "-t", session, "mouse", "on",
                // the border's age counts each second (TileTitle)
                ";", "set-option", "-t", session, "status-interval", "1",
                ";", "set-option", "-t", session, "status-right", " C-b Enter: go to agent ",
                ";", "bind-key", "-T", "prefix", "Enter", "run-shell", "-b", jump,
                ";", "bind-key", "-T", "prefix", "g", "run-shell", "-b", jump);
    }

    /**
     * The sh command of an aggregator pane: a viewer client, sized by {@link ViewerClient}'s rule
     * (ignore-size when a user's own client shows the agent's window, else plain so the window fits).
     */
    private String paneCommand(WorkspaceTarget t, String linked) {
        if (t.remote()) return Shell.join(t.command()); // the host's read-only viewer through ssh (or why the host is down)
        return ViewerClient.shellCommand(t.socket(), linked, ViewerClient.shownByUser(exec, t.socket(), t.windowId()));
    }

    /** A live viewer whose sizing no longer matches the rule (a user attached or left since). */
    private boolean sizingStale(WorkspaceTarget t, String linked) {
        return ViewerClient.viewerIgnoresSize(exec, t.socket(), linked)
                .map(ignores -> ignores != ViewerClient.shownByUser(exec, t.socket(), t.windowId()))
                .orElse(false);
    }

    private boolean killLinked(Path socket, String name) {
        if (!WorkspaceTarget.isLinked(name)) return false; // never anything that is not ours
        try {
            return new Tmux(exec, socket).run("kill-session", "-t", "=" + name).ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean hasSession(Path socket, String name) {
        try {
            return new Tmux(exec, socket).run("has-session", "-t", "=" + name).ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean aggregatorAlive(WorkspaceState s) {
        return aggregatorAlive(s.aggregatorSocket(), s.aggregatorSession());
    }

    private boolean aggregatorAlive(Path socket, String session) {
        return runAgg(socket, List.of("has-session", "-t", "=" + session)).ok();
    }

    /** pane id → dead, for the aggregator window. */
    private Map<String, Boolean> aggPanes(String winTarget) {
        Map<String, Boolean> out = new HashMap<>();
        Exec.Result r = agg("list-panes", "-t", winTarget, "-F", "#{pane_id}\t#{pane_dead}");
        if (!r.ok()) return out;
        for (String line : r.out().split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2) out.put(f[0], f[1].equals("1"));
        }
        return out;
    }

    private void step(String name) {
        try {
            hook.before(name);
        } catch (WorkspaceException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail(name, e.getMessage());
        }
    }

    private static WorkspaceException fail(String step, String message) {
        return new WorkspaceException(step, message);
    }

    private static void rollback(Deque<Runnable> undo) {
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException e) {
                // keep undoing the rest
            }
        }
    }

    private static List<String> names(List<PaneEntry> entries) {
        List<String> l = new ArrayList<>();
        for (PaneEntry e : entries) l.add(e.target().name());
        return l;
    }

    private Exec.Result agg(String... args) {
        return agg(List.of(args));
    }

    private Exec.Result agg(List<String> args) {
        return runAgg(cfg.aggregatorSocket(), args);
    }

    private void aggCheck(String step, String... args) {
        Exec.Result r = agg(args);
        if (!r.ok()) throw fail(step, "tmux " + args[0] + " on " + cfg.aggregatorSocket() + ": " + r.firstErrorLine());
    }

    /**
     * tmux on the aggregator's server. {@code -f /dev/null}: the server is fleet's, and a user config
     * (base-index, destroy-unattached, hooks) must not change how it is built.
     */
    private Exec.Result runAgg(Path socket, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-u", "-f", "/dev/null", "-S", socket.toString()));
        argv.addAll(args);
        Map<String, String> env = new HashMap<>();
        env.put("TMUX", null);
        // tmux exits 0 when it cannot create or reach its socket ("error creating ..."): that is a failure
        return Tmux.failOnSocketError(exec.run(argv, env, null));
    }
}
