package dev.fleet.cli;

import dev.fleet.commands.Console;
import dev.fleet.commands.ListCommand;
import dev.fleet.commands.Settings;
import dev.fleet.workspace.Reporter;
import dev.fleet.workspace.WorkspaceActions;
import dev.fleet.workspace.WorkspaceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fleet workspace open|refresh|close|status}: the options; what they do is
 * {@link WorkspaceActions} (module workspace).
 */
@Command(name = "workspace", mixinStandardHelpOptions = true,
        description = {"One terminal window showing every agent side by side, live.",
                "Inside it, select a pane (click it, or C-b and an arrow key) and press C-b Enter to go to that agent."},
        subcommands = {WorkspaceCommand.Open.class, WorkspaceCommand.Refresh.class, WorkspaceCommand.Close.class,
                WorkspaceCommand.Status.class})
public final class WorkspaceCommand implements Callable<Integer> {
    public static final String DEFAULT_TITLE = WorkspaceActions.DEFAULT_TITLE;

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
            return actions(Console.system(verbose), sockets)
                    .open(new WorkspaceActions.OpenRequest(queries, layout, size, terminal, noTerminal, title));
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
            return actions(Console.system(verbose), sockets).refresh(queries);
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true,
            description = {"Close the window, the aggregator and its linked sessions.",
                    "An agent's own session is never touched."})
    static final class Close implements Callable<Integer> {
        @Override
        public Integer call() {
            return actions(Console.system(false), List.of()).close();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show whether a workspace is open, its panes and its window.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--json", description = "The status as JSON.")
        boolean json;

        @Override
        public Integer call() {
            return actions(Console.system(false), List.of()).status(json);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** The workspace's actions on fleet's settings; agents are discovered as {@code fleet ls} does. */
    static WorkspaceActions actions(Console c, List<String> sockets) {
        Settings s = Settings.fromEnv(FleetCommand.env);
        return new WorkspaceActions(s.env(), s.stateDir(), reporter(c), () -> ListCommand.scanner(s, c, sockets).run(false).agents());
    }

    /** The console as the workspace module's reporter (the demo and {@code --attach} share it). */
    static Reporter reporter(Console c) {
        return new Reporter(c.out()::println, c::note, c::warn, c::error, c::verbose);
    }

}
