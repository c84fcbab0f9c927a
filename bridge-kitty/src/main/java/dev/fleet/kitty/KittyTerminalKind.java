package dev.fleet.kitty;

import dev.fleet.core.terminal.OpenedWindow;
import dev.fleet.core.terminal.ProgramTerminalKind;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * kitty as the terminal of a fleet window: a window of the running kitty (over its remote control
 * socket) when {@code KITTY_LISTEN_ON} names one that exists, else a new kitty process. After Ghostty.
 */
public final class KittyTerminalKind extends ProgramTerminalKind {
    public KittyTerminalKind() {
        super("kitty", 20);
    }

    @Override
    protected Terminal at(TerminalHost host, String program) {
        String listen = host.env().get("KITTY_LISTEN_ON");
        String addr = listen != null && listen.startsWith("unix:") ? listen.substring(5) : null;
        if (addr != null && !addr.isEmpty() && (addr.startsWith("@") || Files.exists(Path.of(addr)))) {
            return new KittyRemoteTerminal(program, listen);
        }
        return Terminal.of("kitty", true, title -> List.of(program, "--title", title));
    }

    @Override
    public Optional<WindowControl> control(OpenedWindow w) {
        if (w.controlWindow() == null || w.controlTo() == null) return Optional.empty();
        return Optional.of(new KittyRemoteTerminal.Window(w.controlTo(), w.controlWindow()));
    }
}
