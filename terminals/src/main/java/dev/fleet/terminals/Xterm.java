package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalHost;
import java.util.List;

/** {@code xterm -T T -e cmd…}: the last resort. */
public final class Xterm extends ProgramTerminalKind {
    public Xterm() {
        super("xterm", 60);
    }

    @Override
    protected Terminal at(TerminalHost host, String program) {
        return Terminal.of(name(), true, title -> List.of(program, "-T", title, "-e"));
    }
}
