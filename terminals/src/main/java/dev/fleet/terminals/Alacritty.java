package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import java.util.List;

/** {@code alacritty --title T -e cmd…}. */
public final class Alacritty extends ProgramTerminalKind {
    public Alacritty() {
        super("alacritty", 30, (program, title) -> List.of(program, "--title", title, "-e"));
    }
}
