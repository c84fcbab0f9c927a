package dev.fleet.workspace;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.json.Json;
import dev.fleet.core.query.AgentQuery;
import dev.fleet.core.query.Match;
import dev.fleet.core.terminal.OpenedWindow;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalChooser;
import dev.fleet.core.terminal.TerminalException;
import dev.fleet.core.terminal.TerminalLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code fleet workspace open|refresh|close|status}: every agent in tmux side by side in one terminal
 * window (a tmux aggregator whose panes attach to linked sessions), and that window's life. The command
 * line only parses options and hands them here.
 *
 * <p>Environment: {@code FLEET_WORKSPACE_SOCKET} puts the aggregator on another tmux socket (tests);
 * {@code FLEET_BIN} (or {@code -Dfleet.bin}) is the fleet executable the jump key runs.
 */
public final class WorkspaceActions {
    public static final String DEFAULT_TITLE = "fleet workspace";

    /** What {@code fleet workspace open} was asked for. */
    public record OpenRequest(List<String> queries, String layout, String size, String terminal, boolean noTerminal,
            String title) {}

    private final Map<String, String> env;
    private final Path stateDir;
    private final Reporter r;
    private final Supplier<List<Agent>> agents;
    private final java.util.function.Function<List<String>, List<WorkspaceTarget>> remote;

    /**
     * @param agents the discovered agents (run only by open and refresh, after the workspace's own
     *               checks, so a bad option is reported before anything is scanned)
     */
    public WorkspaceActions(Map<String, String> env, Path stateDir, Reporter r, Supplier<List<Agent>> agents) {
        this(env, stateDir, r, agents, q -> List.of());
    }

    /**
     * @param remote the tiles of other hosts for the queries (each pane's command made: ssh to the host's
     *               read-only viewer, or a line saying the host is down); after this machine's tiles
     */
    public WorkspaceActions(Map<String, String> env, Path stateDir, Reporter r, Supplier<List<Agent>> agents,
            java.util.function.Function<List<String>, List<WorkspaceTarget>> remote) {
        this.env = env;
        this.stateDir = stateDir;
        this.r = r;
        this.agents = agents;
        this.remote = remote;
    }

    public int refresh(List<String> queries) {
        Workspace ws = workspace(null, 0, 0);
        if (ws.state().isEmpty()) {
            r.error("no workspace is open (fleet workspace open builds one)");
            return ExitCodes.NO_MATCH;
        }
        List<WorkspaceTarget> targets = targets(queries);
        try {
            Workspace.Outcome o = ws.refresh(targets);
            r.out(summary(o));
            if (o.action().equals("closed")) closeWindow(o.state());
            return ExitCodes.OK;
        } catch (WorkspaceException e) {
            r.error(e.getMessage());
            return ExitCodes.ERROR;
        }
    }

    public int close() {
        Workspace ws = workspace(null, 0, 0);
        Optional<WorkspaceState> st = ws.state();
        st.ifPresent(this::closeWindow);
        boolean closed = ws.close();
        r.out(closed ? "workspace closed" : "no workspace open");
        return ExitCodes.OK;
    }

    public int status(boolean json) {
        Workspace ws = workspace(null, 0, 0);
        Optional<Workspace.Status> st = ws.status();
        if (st.isEmpty()) {
            r.out(json ? "{\"open\": false}" : "no workspace open");
            return ExitCodes.OK;
        }
        Workspace.Status status = st.get();
        Map<String, Object> window = status.state().window();
        boolean windowAlive = window != null && launcher().alive(WindowRecord.fromJson(window));
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("open", status.aggregatorAlive());
            m.put("aggregator_socket", status.state().aggregatorSocket().toString());
            m.put("aggregator_session", status.state().aggregatorSession());
            m.put("attach", ws.attachCommand());
            List<Object> panes = new ArrayList<>();
            for (Workspace.PaneStatus p : status.panes()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("name", p.entry().target().name());
                pm.put("state", p.entry().target().state());
                pm.put("agent_pid", p.entry().target().agentPid());
                pm.put("aggregator_pane", p.entry().aggregatorPane());
                pm.put("linked_session", p.entry().linkedSession());
                pm.put("present", p.present());
                pm.put("dead", p.dead());
                panes.add(pm);
            }
            m.put("panes", panes);
            m.put("window", window);
            m.put("window_alive", windowAlive);
            r.out(Json.writePretty(m));
            return ExitCodes.OK;
        }
        r.out("workspace " + (status.aggregatorAlive() ? "open" : "broken (its tmux session is gone)")
                + ": " + status.panes().size() + " panes, attach with: " + Shell.join(ws.attachCommand()));
        for (Workspace.PaneStatus p : status.panes()) {
            r.out("  " + p.entry().aggregatorPane() + "  " + p.entry().target().title()
                    + (p.dead() ? "  [gone]" : p.present() ? "" : "  [missing]"));
        }
        if (window != null) {
            r.out("window: " + window.get("terminal") + " pids " + window.get("pids")
                    + (window.get("con_id") != null ? " container " + window.get("con_id") : "")
                    + (windowAlive ? "" : " (closed)"));
        }
        return ExitCodes.OK;
    }

    public int open(OpenRequest o) {
        int[] wh = parseSize(o.size());
        if (wh == null) {
            r.error("--size takes WIDTHxHEIGHT, e.g. 200x50, not '" + o.size() + "'");
            return ExitCodes.USAGE;
        }
        Workspace ws;
        try {
            ws = workspace(o.layout(), wh[0], wh[1]);
        } catch (IllegalArgumentException e) {
            r.error(e.getMessage());
            return ExitCodes.USAGE;
        }
        List<WorkspaceTarget> targets = targets(o.queries());
        boolean wasOpen = ws.state().isPresent();
        if (targets.isEmpty() && !wasOpen) {
            r.error("no agent in tmux to show" + (o.queries().isEmpty() ? "" : " matches " + String.join(" ", o.queries())));
            return ExitCodes.NO_MATCH;
        }
        Workspace.Outcome out;
        try {
            out = ws.open(targets);
        } catch (WorkspaceException e) {
            r.error(e.getMessage());
            return ExitCodes.ERROR;
        }
        r.out(summary(out));
        if (out.action().equals("closed")) {
            closeWindow(out.state());
            return ExitCodes.OK;
        }
        String attach = Shell.join(ws.attachCommand());
        if (o.noTerminal()) {
            r.out("attach with: " + attach);
            return ExitCodes.OK;
        }
        TerminalLauncher launcher = launcher();
        Map<String, Object> known = out.state().window();
        if (known != null) {
            OpenedWindow w = WindowRecord.fromJson(known);
            if (launcher.alive(w)) {
                r.out(launcher.focus(w) ? "focused the workspace window" : "the workspace window is open (" + w.terminal() + ")");
                return ExitCodes.OK;
            }
        }
        TerminalChooser chooser = TerminalChooser.system(env);
        Optional<Terminal> term = chooser.choose(o.terminal());
        if (term.isEmpty()) {
            r.note("no terminal found (looked for " + String.join(", ", chooser.names())
                    + "; --terminal names one); the workspace is built, attach with: " + attach);
            return ExitCodes.OK;
        }
        try {
            OpenedWindow w = launcher.launch(term.get(), o.title(), ws.attachCommand());
            ws.recordWindow(WindowRecord.toJson(w));
            r.out("opened " + w.terminal() + " window" + (w.pids().isEmpty() ? "" : " (pid " + w.pids().get(0) + ")")
                    + (w.conId() != null ? " container " + w.conId() : ""));
            return ExitCodes.OK;
        } catch (TerminalException e) {
            if (out.action().equals("opened")) {
                ws.close(); // this open made the workspace: leave nothing behind
                r.error("workspace open failed at step 'terminal': " + e.getMessage()
                        + " (the workspace was removed; --no-terminal builds it without a window)");
            } else {
                r.error(e.getMessage() + "; the workspace stays, attach with: " + attach);
            }
            return ExitCodes.ERROR;
        }
    }

    static String summary(Workspace.Outcome o) {
        switch (o.action()) {
            case "opened":
                return "workspace opened: " + o.state().panes().size() + " panes (" + String.join(", ", o.added()) + ")";
            case "closed":
                return "no agents left: workspace closed";
            case "unchanged":
                return "workspace up to date: " + o.state().panes().size() + " panes";
            default:
                return "workspace refreshed: " + o.state().panes().size() + " panes"
                        + (o.added().isEmpty() ? "" : "; added " + String.join(", ", o.added()))
                        + (o.removed().isEmpty() ? "" : "; removed " + String.join(", ", o.removed()))
                        + (o.respawned().isEmpty() ? "" : "; respawned " + String.join(", ", o.respawned()));
        }
    }

    /** Every agent in tmux (or those matching any query); the others are named on stderr with the reason. */
    private List<WorkspaceTarget> targets(List<String> queries) {
        List<Agent> all = agents.get();
        if (!queries.isEmpty()) {
            Set<Integer> wanted = new LinkedHashSet<>();
            for (String q : queries) for (Match m : AgentQuery.rank(all, q)) wanted.add(m.agent().pid());
            List<Agent> picked = new ArrayList<>();
            for (Agent a : all) if (wanted.contains(a.pid())) picked.add(a);
            all = picked;
        }
        WorkspaceTargets.Selection sel = WorkspaceTargets.select(all, Exec.withTimeout(Duration.ofSeconds(5)));
        for (WorkspaceTargets.Skipped sk : sel.skipped()) {
            r.note("skipped " + sk.agent().displayName() + " (pid " + sk.agent().pid() + "): " + sk.reason());
        }
        List<WorkspaceTarget> out = new ArrayList<>(sel.targets());
        out.addAll(remote.apply(queries));
        return out;
    }

    private Workspace workspace(String layout, int width, int height) {
        String sock = env.get("FLEET_WORKSPACE_SOCKET");
        Path socket = sock != null && !sock.isEmpty() ? Path.of(sock) : WorkspaceConfig.defaultSocket(env.get("TMUX_TMPDIR"));
        WorkspaceConfig cfg = new WorkspaceConfig(socket, WorkspaceConfig.DEFAULT_SESSION, stateDir.resolve("workspace.json"),
                layout == null ? WorkspaceConfig.DEFAULT_LAYOUT : layout,
                width == 0 ? WorkspaceConfig.DEFAULT_WIDTH : width, height == 0 ? WorkspaceConfig.DEFAULT_HEIGHT : height,
                fleetBin());
        return new Workspace(cfg, Exec.withTimeout(Duration.ofSeconds(10)));
    }

    /** The fleet executable the jump key runs: -Dfleet.bin, FLEET_BIN, fleet on PATH, else plain "fleet". */
    private String fleetBin() {
        String p = System.getProperty("fleet.bin");
        if (p != null && !p.isEmpty()) return p;
        String e = env.get("FLEET_BIN");
        if (e != null && !e.isEmpty()) return e;
        Path onPath = Exec.which("fleet");
        return onPath == null ? "fleet" : onPath.toString();
    }

    private TerminalLauncher launcher() {
        return new TerminalLauncher(AttachEnv.of(env), Exec.withTimeout(Duration.ofSeconds(10)),
                stateDir.resolve("workspace-terminal.log"), Duration.ofSeconds(10));
    }

    private void closeWindow(WorkspaceState state) {
        if (state.window() == null) return;
        try {
            launcher().close(WindowRecord.fromJson(state.window()));
        } catch (RuntimeException e) {
            // the window may be gone already; the tmux side is closed regardless
        }
    }

    static int[] parseSize(String s) {
        String[] f = s.toLowerCase(Locale.ROOT).split("x");
        if (f.length != 2) return null;
        try {
            return new int[] {Integer.parseInt(f[0].strip()), Integer.parseInt(f[1].strip())};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
