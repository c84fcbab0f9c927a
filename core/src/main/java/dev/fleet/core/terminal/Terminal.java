package dev.fleet.core.terminal;

import java.util.List;
import java.util.Optional;

/**
 * One terminal ready to open a window running a command: which program, and how its argv is built.
 * Made by a {@link TerminalKind}; {@link TerminalLauncher} starts it and records the window.
 */
public interface Terminal {
    /** What messages and the recorded window call it, e.g. {@code ghostty +new-window}. */
    String name();

    /**
     * Whether the process fleet starts is the window's own process (its pid can be killed to close the
     * window). Not so for a window handed to an already running instance, or macOS {@code open}.
     */
    default boolean ownsProcess() {
        return true;
    }

    /** The argv that opens a window titled {@code title} running {@code command}. No shell is involved. */
    List<String> argv(String title, List<String> command);

    /**
     * Opens the window over the terminal's own control channel instead of running {@link #argv}, when
     * it has one (kitty's remote control socket): the window then belongs to the running terminal and
     * its {@link TerminalKind#control} answers for it. Empty: run the argv.
     *
     * @throws TerminalException when the terminal refused
     */
    default Optional<OpenedWindow> openOverControl(String title, List<String> command) {
        return Optional.empty();
    }

    /** A terminal whose argv is {@code prefix(title)} followed by the command. */
    static Terminal of(String name, boolean ownsProcess, java.util.function.Function<String, List<String>> prefix) {
        return new Terminal() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean ownsProcess() {
                return ownsProcess;
            }

            @Override
            public List<String> argv(String title, List<String> command) {
                List<String> a = new java.util.ArrayList<>(prefix.apply(title));
                a.addAll(command);
                return a;
            }
        };
    }
}
