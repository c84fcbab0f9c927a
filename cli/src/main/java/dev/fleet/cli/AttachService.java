package dev.fleet.cli;

import dev.fleet.commands.Attacher;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import dev.fleet.core.claude.Agent;

/** {@code switch --attach}'s terminal ({@link AttachTerminal}), offered to the command table through ServiceLoader. */
public final class AttachService implements Attacher {
    @Override
    public int open(Settings settings, Console console, Agent agent) {
        return AttachTerminal.open(settings, console, agent);
    }

    @Override
    public int openCommand(Settings settings, Console console, String title, java.util.List<String> argv) {
        return dev.fleet.workspace.AttachWindow.openCommand(settings.env(), settings.stateDir(),
                dev.fleet.workspace.command.WorkspaceCommand.reporter(console), title, argv);
    }
}
