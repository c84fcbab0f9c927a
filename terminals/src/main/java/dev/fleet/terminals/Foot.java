package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalHost;
import java.util.List;

/** {@code foot --title=T cmd…}. */
public final class Foot extends ProgramTerminalKind {
    public Foot() {
        super("foot", 40);
    }

    @Override
    protected Terminal at(TerminalHost host, String program) {
        return Terminal.of(name(), true, title -> List.of(program, "--title=" + title));
    }
}
