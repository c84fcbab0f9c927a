package dev.fleet.cli;

import dev.fleet.commands.Console;
import dev.fleet.commands.ListCommand;
import dev.fleet.commands.Settings;
import dev.fleet.workspace.DemoFleet;
import java.io.IOException;
import java.util.List;

/** {@code fleet demo [start|stop]}: the demo fleet is {@link DemoFleet} (module workspace); it lists its stand-ins as {@code fleet ls} does. */
public final class Demo {
    private final DemoFleet fleet;

    public Demo(Settings settings, Console console) {
        Console quiet = new Console(console.out(), System.err, false);
        this.fleet = new DemoFleet(settings.env(), settings.stateDir(), settings.procRoot(), WorkspaceCommand.reporter(console),
                configDir -> ListCommand.run(settings.withConfigDir(configDir), quiet, false, false, List.of()));
    }

    public int start() throws IOException {
        return fleet.start();
    }

    public int stop() throws IOException {
        return fleet.stop();
    }
}
