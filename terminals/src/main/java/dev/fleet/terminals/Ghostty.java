package dev.fleet.terminals;

import dev.fleet.core.terminal.ProgramTerminalKind;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Ghostty, first choice where installed. macOS: {@code open -na Ghostty.app --args --title=T -e …}
 * when the app bundle exists. Linux: {@code ghostty +new-window --title=T -e …} when a single-instance
 * Ghostty runs (the window belongs to it), else {@code ghostty --title=T -e …} (each {@code -e} window
 * is its own process).
 */
public final class Ghostty extends ProgramTerminalKind {
    public Ghostty() {
        super("ghostty", 10);
    }

    @Override
    public Optional<Terminal> detect(TerminalHost host) {
        if (!host.macOs()) return super.detect(host);
        for (Path d : host.macAppDirs()) if (Files.isDirectory(d.resolve("Ghostty.app"))) return Optional.of(at(host, "open"));
        return Optional.empty();
    }

    @Override
    protected Terminal at(TerminalHost host, String program) {
        if (host.macOs()) {
            return Terminal.of("ghostty (macOS)", false, title -> List.of("open", "-na", "Ghostty.app", "--args", "--title=" + title, "-e"));
        }
        if (singleInstanceRunning(host)) {
            return Terminal.of("ghostty +new-window", false, title -> List.of(program, "+new-window", "--title=" + title, "-e"));
        }
        return Terminal.of("ghostty", true, title -> List.of(program, "--title=" + title, "-e"));
    }

    /**
     * A Ghostty of ours that runs as a single GTK instance ({@code --gtk-single-instance=true}, as its
     * desktop file starts it): a new window must be asked of it with {@code +new-window}.
     */
    static boolean singleInstanceRunning(TerminalHost host) {
        return host.running("ghostty", args -> args.contains("--gtk-single-instance=true"));
    }
}
