package dev.fleet.workspace.command;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.ListCommand;
import dev.fleet.commands.PositionalSpec;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import dev.fleet.core.ExitCodes;
import dev.fleet.workspace.DemoFleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code fleet demo [start|stop]}: the demo fleet is {@link DemoFleet}; it lists its stand-ins as {@code fleet ls} does. */
public final class DemoCommand implements Command {
    private static final Spec SPEC = Spec.of("demo", 80,
            List.of("Start four stand-in agents on a private tmux server; list them.",
                    "Nothing real is touched. 'fleet demo stop' removes it all."),
            List.of(), List.of(new PositionalSpec("start|stop", "start (the default) or stop.", 0, 1)));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        String action = a.positionals().isEmpty() ? "start" : a.positionals().get(0);
        if (!action.equals("start") && !action.equals("stop")) {
            c.error("demo takes 'start' or 'stop', not '" + action + "'");
            return ExitCodes.USAGE;
        }
        Console quiet = new Console(c.out(), System.err, false);
        DemoFleet fleet = new DemoFleet(s.env(), s.stateDir(), s.procRoot(), WorkspaceCommand.reporter(c),
                configDir -> ListCommand.run(s.withConfigDir(configDir), quiet, false, false, List.of()));
        try {
            return action.equals("start") ? fleet.start() : fleet.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e); // reported as the IOException was: "fleet: <its message>"
        }
    }
}
