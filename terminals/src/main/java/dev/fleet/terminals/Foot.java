package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import java.util.List;

/** {@code foot --title=T cmd…}. */
public final class Foot extends ProgramTerminalKind {
    public Foot() {
        super("foot", 40, (program, title) -> List.of(program, "--title=" + title));
    }
}
