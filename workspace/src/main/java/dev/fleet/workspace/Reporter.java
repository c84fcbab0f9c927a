package dev.fleet.workspace;

import java.util.function.Consumer;

/**
 * Where the workspace, the attach window and the demo talk to the user: {@code out} a line of the
 * result (stdout), the rest one-liners on stderr as the command line's console words them;
 * {@code verbose} only with {@code --verbose}.
 */
public record Reporter(Consumer<String> out, Consumer<String> note, Consumer<String> warn, Consumer<String> error,
        Consumer<String> verbose) {

    public void out(String line) {
        out.accept(line);
    }

    public void note(String line) {
        note.accept(line);
    }

    public void warn(String line) {
        warn.accept(line);
    }

    public void error(String line) {
        error.accept(line);
    }

    public void verbose(String line) {
        verbose.accept(line);
    }
}
