package dev.fleet.terminals;

import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalHost;
import dev.fleet.core.terminal.TerminalKind;
import java.util.List;
import java.util.Optional;

/**
 * {@code --terminal "words…"} that name no known terminal: the command is appended to the user's words
 * (no shell). Asked last, and never chosen on its own.
 */
public final class Custom implements TerminalKind {
    @Override
    public String name() {
        return "custom";
    }

    @Override
    public int order() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean automatic() {
        return false;
    }

    @Override
    public Optional<Terminal> detect(TerminalHost host) {
        return Optional.empty();
    }

    @Override
    public Optional<Terminal> named(TerminalHost host, List<String> words) {
        List<String> prefix = List.copyOf(words);
        return Optional.of(Terminal.of(String.join(" ", prefix), true, title -> prefix));
    }
}
