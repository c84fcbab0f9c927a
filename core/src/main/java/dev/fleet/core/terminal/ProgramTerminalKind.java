package dev.fleet.core.terminal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A terminal that is one program found on PATH under its own name, and named by {@code --terminal NAME}
 * or {@code --terminal /path/to/NAME}: what every built-in kind shares; each says only its argv.
 */
public abstract class ProgramTerminalKind implements TerminalKind {
    private final String name;
    private final int order;

    protected ProgramTerminalKind(String name, int order) {
        this.name = name;
        this.order = order;
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
    protected abstract Terminal at(TerminalHost host, String program);
}
