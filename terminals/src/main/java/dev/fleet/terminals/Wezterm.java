package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalHost;
import java.util.List;

/** {@code wezterm start --always-new-process -- cmd…}: a process of its own (wezterm takes no title flag here). */
public final class Wezterm extends ProgramTerminalKind {
    public Wezterm() {
        super("wezterm", 50);
    }

    @Override
    protected Terminal at(TerminalHost host, String program) {
        return Terminal.of(name(), true, title -> List.of(program, "start", "--always-new-process", "--"));
    }
}
