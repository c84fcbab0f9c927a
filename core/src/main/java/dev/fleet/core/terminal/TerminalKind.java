package dev.fleet.core.terminal;

import java.util.List;
import java.util.Optional;

/**
 * A terminal program fleet can open a window in (ghostty, kitty, alacritty, …): one implementation per
 * terminal, registered in {@code META-INF/services/dev.fleet.core.terminal.TerminalKind}.
 * {@link TerminalChooser} asks them in {@link #order()}: the first one {@link #detect detected} here
 * wins, or the first one that recognises the words of {@code --terminal}.
 */
public interface TerminalKind {
    /** The name {@code --terminal} takes and "looked for …" lists, e.g. {@code kitty}. */
    String name();

    /** Place in the choice, lowest first. */
    int order();

    /** This terminal, when it is installed here and fit to use now; empty otherwise. */
    Optional<Terminal> detect(TerminalHost host);

    /** For {@code --terminal WORDS} (split on spaces, no shell): this terminal when the words name it. */
    Optional<Terminal> named(TerminalHost host, List<String> words);

    /** Whether the automatic choice considers it at all (a command line of the user's is never guessed). */
    default boolean automatic() {
        return true;
    }

    /**
     * For a window this kind opened over its own control channel ({@link Terminal#openOverControl}): how
     * to check, focus and close it. Empty for every other window.
     */
    default Optional<WindowControl> control(OpenedWindow w) {
        return Optional.empty();
    }

    /** A window that lives in a running terminal rather than in a process of fleet's. */
    interface WindowControl {
        boolean alive();

        /** Raises the window; false when that failed. */
        boolean focus();

        /** Closes the window; quiet when it is gone already. */
        void close();
    }
}
