package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import java.util.List;

/** {@code wezterm start --always-new-process -- cmd…}: a process of its own (no title flag there). */
public final class Wezterm extends ProgramTerminalKind {
    public Wezterm() {
        super("wezterm", 50, (program, title) -> List.of(program, "start", "--always-new-process", "--"));
    }
}
