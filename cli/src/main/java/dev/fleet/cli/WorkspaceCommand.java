package dev.fleet.cli;

import dev.fleet.commands.Console;
import dev.fleet.commands.ListCommand;
import dev.fleet.commands.Settings;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.json.Json;
import dev.fleet.core.query.AgentQuery;
import dev.fleet.core.query.Match;
import dev.fleet.ghostty.OpenedWindow;
import dev.fleet.ghostty.Terminal;
import dev.fleet.ghostty.TerminalChooser;
import dev.fleet.ghostty.TerminalException;
import dev.fleet.ghostty.TerminalLauncher;
import dev.fleet.tmux.workspace.Workspace;
import dev.fleet.tmux.workspace.WorkspaceConfig;
import dev.fleet.tmux.workspace.WorkspaceException;
import dev.fleet.tmux.workspace.WorkspaceState;
import dev.fleet.tmux.workspace.WorkspaceTarget;
import dev.fleet.tmux.workspace.WorkspaceTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet workspace open|refresh|close|status}: every agent in tmux side by side in one terminal
 * window (a tmux aggregator whose panes attach to linked sessions), and that window's life.
 *
 * <p>Environment: {@code FLEET_WORKSPACE_SOCKET} puts the aggregator on another tmux socket (tests);
 * {@code FLEET_BIN} (or {@code -Dfleet.bin}) is the fleet executable the jump key runs.
 */
@Command(name = "workspace", mixinStandardHelpOptions = true,
        description = {"One terminal window showing every agent side by side, live.",
                "Inside it, select a pane (click it, or C-b and an arrow key) and press C-b Enter to go to that agent."},
        subcommands = {WorkspaceCommand.Open.class, WorkspaceCommand.Refresh.class, WorkspaceCommand.Close.class,
                WorkspaceCommand.Status.class})
public final class WorkspaceCommand implements Callable<Integer> {
    public static final String DEFAULT_TITLE = "fleet workspace";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    static class Common {
        @Option(names = "--tmux-socket", paramLabel = "PATH", description = "Also look at this tmux server socket (repeatable).")
        List<String> sockets = new ArrayList<>();

        @Option(names = {"-v", "--verbose"}, description = "Say what was looked at and skipped.")
        boolean verbose;

        @Option(names = "--debug", description = "Stack traces on errors.")
        boolean debug;
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"Build the workspace (or refresh it) and show it in a terminal.",
                    "The terminal is Ghostty when installed, else kitty, alacritty, foot, wezterm or xterm; "
                            + "--terminal chooses."})
    static final class Open extends Common implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "QUERY", description = "Only agents matching any of these (default: all in tmux).")
        List<String> queries = new ArrayList<>();

        @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = WorkspaceConfig.DEFAULT_LAYOUT,
                description = "tiled (default), even-horizontal, even-vertical, main-horizontal, main-vertical.")
        String layout;

        @Option(names = "--size", paramLabel = "WxH", defaultValue = "200x50",
                description = "Size of the aggregator before a terminal attaches (default 200x50).")
        String size;

        @Option(names = "--terminal", paramLabel = "COMMAND",
                description = "ghostty, kitty, alacritty, foot, wezterm, xterm, or a command line the attach command is appended to.")
        String terminal;

        @Option(names = "--no-terminal", description = "Build the tmux session only and print the command that attaches to it.")
        boolean noTerminal;

        @Option(names = "--title", paramLabel = "TITLE", defaultValue = DEFAULT_TITLE, description = "The window title.")
        String title;

        @Override
        public Integer call() {
            Console c = Console.system(verbose);
            return open(Settings.fromEnv(FleetCommand.env), c, this);
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = {"Bring the open workspace up to date; focus nothing.",
                    "New agents get a pane; the panes of gone agents are removed."})
    static final class Refresh extends Common implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "QUERY", description = "Only agents matching any of these.")
        List<String> queries = new ArrayList<>();

        @Override
        public Integer call() {
            Console c = Console.system(verbose);
            Settings s = Settings.fromEnv(FleetCommand.env);
            Workspace ws = workspace(s, null, 0, 0);
            if (ws.state().isEmpty()) {
                c.error("no workspace is open (fleet workspace open builds one)");
                return ExitCodes.NO_MATCH;
            }
            List<WorkspaceTarget> targets = targets(s, c, sockets, queries);
            try {
                Workspace.Outcome o = ws.refresh(targets);
                c.out().println(summary(o));
                if (o.action().equals("closed")) closeWindow(s, o.state());
                return ExitCodes.OK;
            } catch (WorkspaceException e) {
                c.error(e.getMessage());
                return ExitCodes.ERROR;
            }
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true,
            description = {"Close the window, the aggregator and its linked sessions.",
                    "An agent's own session is never touched."})
    static final class Close implements Callable<Integer> {
        @Override
        public Integer call() {
            Console c = Console.system(false);
            Settings s = Settings.fromEnv(FleetCommand.env);
            Workspace ws = workspace(s, null, 0, 0);
            Optional<WorkspaceState> st = ws.state();
            st.ifPresent(state -> closeWindow(s, state));
            boolean closed = ws.close();
            c.out().println(closed ? "workspace closed" : "no workspace open");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether a workspace is open, its panes and its window.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--json", description = "The status as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Console c = Console.system(false);
            Settings s = Settings.fromEnv(FleetCommand.env);
            Workspace ws = workspace(s, null, 0, 0);
            Optional<Workspace.Status> st = ws.status();
            if (st.isEmpty()) {
                if (json) c.out().println("{\"open\": false}");
                else c.out().println("no workspace open");
                return ExitCodes.OK;
            }
            Workspace.Status status = st.get();
            Map<String, Object> window = status.state().window();
            boolean windowAlive = window != null && launcher(s).alive(OpenedWindow.fromJson(window));
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
                c.out().println(Json.writePretty(m));
                return ExitCodes.OK;
            }
            c.out().println("workspace " + (status.aggregatorAlive() ? "open" : "broken (its tmux session is gone)")
                    + ": " + status.panes().size() + " panes, attach with: " + Shell.join(ws.attachCommand()));
            for (Workspace.PaneStatus p : status.panes()) {
                c.out().println("  " + p.entry().aggregatorPane() + "  " + p.entry().target().title()
                        + (p.dead() ? "  [gone]" : p.present() ? "" : "  [missing]"));
            }
            if (window != null) {
                c.out().println("window: " + window.get("terminal") + " pids " + window.get("pids")
                        + (window.get("con_id") != null ? " container " + window.get("con_id") : "")
                        + (windowAlive ? "" : " (closed)"));
            }
            return ExitCodes.OK;
        }
    }

    // ---------------------------------------------------------------------------------------------

    static int open(Settings s, Console c, Open o) {
        int[] wh = parseSize(o.size);
        if (wh == null) {
            c.error("--size takes WIDTHxHEIGHT, e.g. 200x50, not '" + o.size + "'");
            return ExitCodes.USAGE;
        }
        Workspace ws;
        try {
            ws = workspace(s, o.layout, wh[0], wh[1]);
        } catch (IllegalArgumentException e) {
            c.error(e.getMessage());
            return ExitCodes.USAGE;
        }
        List<WorkspaceTarget> targets = targets(s, c, o.sockets, o.queries);
        boolean wasOpen = ws.state().isPresent();
        if (targets.isEmpty() && !wasOpen) {
            c.error("no agent in tmux to show" + (o.queries.isEmpty() ? "" : " matches " + String.join(" ", o.queries)));
            return ExitCodes.NO_MATCH;
        }
        Workspace.Outcome out;
        try {
            out = ws.open(targets);
        } catch (WorkspaceException e) {
            c.error(e.getMessage());
            return ExitCodes.ERROR;
        }
        c.out().println(summary(out));
        if (out.action().equals("closed")) {
            closeWindow(s, out.state());
            return ExitCodes.OK;
        }
        String attach = Shell.join(ws.attachCommand());
        if (o.noTerminal) {
            c.out().println("attach with: " + attach);
            return ExitCodes.OK;
        }
        TerminalLauncher launcher = launcher(s);
        Map<String, Object> known = out.state().window();
        if (known != null) {
            OpenedWindow w = OpenedWindow.fromJson(known);
            if (launcher.alive(w)) {
                c.out().println(launcher.focus(w) ? "focused the workspace window" : "the workspace window is open (" + w.terminal() + ")");
                return ExitCodes.OK;
            }
        }
        Optional<Terminal> term = TerminalChooser.system(s.env()).choose(o.terminal);
        if (term.isEmpty()) {
            c.note("no terminal found (looked for ghostty, " + String.join(", ", TerminalChooser.FALLBACKS)
                    + "; --terminal names one); the workspace is built, attach with: " + attach);
            return ExitCodes.OK;
        }
        try {
            OpenedWindow w = launcher.launch(term.get(), o.title, ws.attachCommand());
            ws.recordWindow(w.toJson());
            c.out().println("opened " + w.terminal() + " window" + (w.pids().isEmpty() ? "" : " (pid " + w.pids().get(0) + ")")
                    + (w.conId() != null ? " container " + w.conId() : ""));
            return ExitCodes.OK;
        } catch (TerminalException e) {
            if (out.action().equals("opened")) {
                ws.close(); // this open made the workspace: leave nothing behind
                c.error("workspace open failed at step 'terminal': " + e.getMessage()
                        + " (the workspace was removed; --no-terminal builds it without a window)");
            } else {
                c.error(e.getMessage() + "; the workspace stays, attach with: " + attach);
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
    static List<WorkspaceTarget> targets(Settings s, Console c, List<String> sockets, List<String> queries) {
        List<Agent> agents = ListCommand.scanner(s, c, sockets).run(false).agents();
        if (!queries.isEmpty()) {
            Set<Integer> wanted = new LinkedHashSet<>();
            for (String q : queries) for (Match m : AgentQuery.rank(agents, q)) wanted.add(m.agent().pid());
            List<Agent> picked = new ArrayList<>();
            for (Agent a : agents) if (wanted.contains(a.pid())) picked.add(a);
            agents = picked;
        }
        WorkspaceTargets.Selection sel = WorkspaceTargets.select(agents, Exec.withTimeout(Duration.ofSeconds(5)));
        for (WorkspaceTargets.Skipped sk : sel.skipped()) {
            c.note("skipped " + sk.agent().displayName() + " (pid " + sk.agent().pid() + "): " + sk.reason());
        }
        return sel.targets();
    }

    static Workspace workspace(Settings s, String layout, int width, int height) {
        String sock = s.env().get("FLEET_WORKSPACE_SOCKET");
        Path socket = sock != null && !sock.isEmpty() ? Path.of(sock) : WorkspaceConfig.defaultSocket(s.env().get("TMUX_TMPDIR"));
        WorkspaceConfig cfg = new WorkspaceConfig(socket, WorkspaceConfig.DEFAULT_SESSION, s.stateDir().resolve("workspace.json"),
                layout == null ? WorkspaceConfig.DEFAULT_LAYOUT : layout,
                width == 0 ? WorkspaceConfig.DEFAULT_WIDTH : width, height == 0 ? WorkspaceConfig.DEFAULT_HEIGHT : height,
                fleetBin(s));
        return new Workspace(cfg, Exec.withTimeout(Duration.ofSeconds(10)));
    }

    /** The fleet executable the jump key runs: -Dfleet.bin, FLEET_BIN, fleet on PATH, else plain "fleet". */
    static String fleetBin(Settings s) {
        String p = System.getProperty("fleet.bin");
        if (p != null && !p.isEmpty()) return p;
        String e = s.env().get("FLEET_BIN");
        if (e != null && !e.isEmpty()) return e;
        Path onPath = Exec.which("fleet");
        return onPath == null ? "fleet" : onPath.toString();
    }

    static TerminalLauncher launcher(Settings s) {
        return new TerminalLauncher(s.env(), Exec.withTimeout(Duration.ofSeconds(10)),
                s.stateDir().resolve("workspace-terminal.log"), Duration.ofSeconds(10));
    }

    static void closeWindow(Settings s, WorkspaceState state) {
        if (state.window() == null) return;
        try {
            launcher(s).close(OpenedWindow.fromJson(state.window()));
        } catch (RuntimeException e) {
            // the window may be gone already; the tmux side is closed regardless
        }
    }

    static int[] parseSize(String s) {
        String[] f = s.toLowerCase(java.util.Locale.ROOT).split("x");
        if (f.length != 2) return null;
        try {
            return new int[] {Integer.parseInt(f[0].strip()), Integer.parseInt(f[1].strip())};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
