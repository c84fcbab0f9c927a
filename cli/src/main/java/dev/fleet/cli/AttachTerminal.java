package dev.fleet.cli;

import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import dev.fleet.core.claude.Agent;
import dev.fleet.workspace.AttachWindow;

/** {@code fleet switch --attach}: the window is {@link AttachWindow}'s (module workspace). */
final class AttachTerminal {
    private AttachTerminal() {}

    static int open(Settings s, Console c, Agent agent) {
        return AttachWindow.open(s.env(), s.stateDir(), dev.fleet.workspace.command.WorkspaceCommand.reporter(c), agent);
    }
}
