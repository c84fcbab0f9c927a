package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalHost;
import java.util.List;

/** {@code alacritty --title T -e cmd…}. */
public final class Alacritty extends ProgramTerminalKind {
    public Alacritty() {
        super("alacritty", 30);
    }

    @Override
    protected Terminal at(TerminalHost host, String program) {
        return Terminal.of(name(), true, title -> List.of(program, "--title", title, "-e"));
    }
}
