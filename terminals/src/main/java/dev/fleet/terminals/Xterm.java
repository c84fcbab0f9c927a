package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import java.util.List;

/** {@code xterm -T T -e cmd…}: the last resort. */
public final class Xterm extends ProgramTerminalKind {
    public Xterm() {
        super("xterm", 60, (program, title) -> List.of(program, "-T", title, "-e"));
    }
}
