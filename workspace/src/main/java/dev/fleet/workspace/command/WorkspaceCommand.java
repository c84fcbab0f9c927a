package dev.fleet.workspace.command;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.ListCommand;
import dev.fleet.commands.OptionSpec;
import dev.fleet.commands.PositionalSpec;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import dev.fleet.workspace.Reporter;
import dev.fleet.workspace.WorkspaceActions;
import dev.fleet.workspace.WorkspaceConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fleet workspace open|refresh|close|status}, the table entry: the options; what they do is
 * {@link WorkspaceActions}.
 */
public final class WorkspaceCommand implements Command {
    private static final Spec SPEC = Spec.of("workspace", 50,
            List.of("One terminal window showing every agent side by side, live.",
                    "Inside it, select a pane (click it, or C-b and an arrow key) and press C-b Enter to go to that agent."),
            List.of(), List.of());

    /** The options of open and refresh. */
    private static final List<OptionSpec> COMMON = List.of(
            OptionSpec.values("PATH", "Also look at this tmux server socket (repeatable).", "--tmux-socket"),
            OptionSpec.flag("Say what was looked at and skipped.", "-v", "--verbose"),
            OptionSpec.flag("Stack traces on errors.", "--debug"));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public List<Command> subcommands() {
        return List.of(OPEN, REFRESH, CLOSE, STATUS);
    }

    static final Command OPEN = Command.of(Spec.sub("open",
                List.of("Build the workspace (or refresh it) and show it in a terminal.",
                        "The terminal is Ghostty when installed, else kitty, alacritty, foot, wezterm or xterm; "
                                + "--terminal chooses."),
                with(COMMON,
                        OptionSpec.value("LAYOUT", "tiled (default), even-horizontal, even-vertical, main-horizontal, main-vertical.",
                                "--layout").withChoices("tiled", "even-horizontal", "even-vertical", "main-horizontal", "main-vertical"),
                        OptionSpec.value("WxH", "Size of the aggregator before a terminal attaches (default 200x50).", "--size"),
                        OptionSpec.value("COMMAND",
                                "ghostty, kitty, alacritty, foot, wezterm, xterm, or a command line the attach command is appended to.",
                                "--terminal"),
                        OptionSpec.flag("Build the tmux session only and print the command that attaches to it.", "--no-terminal"),
                        OptionSpec.value("TITLE", "The window title.", "--title")),
                List.of(new PositionalSpec("QUERY", "Only agents matching any of these (default: all in tmux).", 0, -1))), (a, s, c) -> {
        return actions(s, c, a.values("--tmux-socket")).open(new WorkspaceActions.OpenRequest(a.positionals(),
                a.value("--layout", WorkspaceConfig.DEFAULT_LAYOUT), a.value("--size", "200x50"), a.value("--terminal", null),
                a.flag("--no-terminal"), a.value("--title", WorkspaceActions.DEFAULT_TITLE)));
    });

    static final Command REFRESH = Command.of(Spec.sub("refresh",
                List.of("Bring the open workspace up to date; focus nothing.", "New agents get a pane; the panes of gone agents are removed."),
                COMMON, List.of(new PositionalSpec("QUERY", "Only agents matching any of these.", 0, -1))), (a, s, c) -> {
        return actions(s, c, a.values("--tmux-socket")).refresh(a.positionals());
    });

    static final Command CLOSE = Command.of(Spec.sub("close",
                List.of("Close the window, the aggregator and its linked sessions.", "An agent's own session is never touched."),
                List.of(), List.of()), (a, s, c) -> {
        return actions(s, c, List.of()).close();
    });

    static final Command STATUS = Command.of(Spec.sub("status", List.of("Show whether a workspace is open, its panes and its window."),
                List.of(OptionSpec.flag("The status as JSON.", "--json")), List.of()), (a, s, c) -> {
        return actions(s, c, List.of()).status(a.flag("--json"));
    });

    private static List<OptionSpec> with(List<OptionSpec> first, OptionSpec... more) {
        List<OptionSpec> out = new ArrayList<>(first);
        out.addAll(List.of(more));
        return List.copyOf(out);
    }

    /** The workspace's actions on fleet's settings; agents are discovered as {@code fleet ls} does. */
    static WorkspaceActions actions(Settings s, Console c, List<String> sockets) {
        return new WorkspaceActions(s.env(), s.stateDir(), reporter(c), () -> ListCommand.scanner(s, c, sockets).run(false).agents(),
                q -> RemoteTiles.of(s, c, q));
    }

    /** The console as the workspace module's reporter (the demo and {@code switch --attach} share it). */
    public static Reporter reporter(Console c) {
        return new Reporter(c.out()::println, c::note, c::warn, c::error, c::verbose);
    }
}
