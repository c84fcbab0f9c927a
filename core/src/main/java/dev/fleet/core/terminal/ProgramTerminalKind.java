package dev.fleet.core.terminal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A terminal that is one program found on PATH under its own name, and named by {@code --terminal NAME}
 * or {@code --terminal /path/to/NAME}: what every built-in kind shares; each says only its argv.
 */
public abstract class ProgramTerminalKind implements TerminalKind {
    /** What comes before the command: the program and its flags for a window titled {@code title}. */
    @FunctionalInterface
    protected interface Prefix {
        List<String> argv(String program, String title);
    }

    private final String name;
    private final int order;
    private final Prefix prefix;

    /** A terminal whose window is its own process, started as {@code prefix} + the command. */
    protected ProgramTerminalKind(String name, int order, Prefix prefix) {
        this.name = name;
        this.order = order;
        this.prefix = prefix;
    }

    /** A terminal that builds its {@link Terminal} itself ({@link #at} overridden). */
    protected ProgramTerminalKind(String name, int order) {
        this(name, order, null);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int order() {
        return order;
    }

    @Override
    public Optional<Terminal> detect(TerminalHost host) {
        Path p = host.which(name);
        return p == null ? Optional.empty() : Optional.of(at(host, p.toString()));
    }

    @Override
    public Optional<Terminal> named(TerminalHost host, List<String> words) {
        if (words.size() != 1) return Optional.empty();
        String word = words.get(0);
        if (!Path.of(word).getFileName().toString().equals(name)) return Optional.empty();
        Path p = word.contains("/") ? Path.of(word) : host.which(name);
        return Optional.of(at(host, p == null ? word : p.toString()));
    }

    /** This terminal started as {@code program} (a path, or the bare name when PATH lacks it). */
    protected Terminal at(TerminalHost host, String program) {
        return Terminal.of(name, true, title -> prefix.argv(program, title));
    }
}
