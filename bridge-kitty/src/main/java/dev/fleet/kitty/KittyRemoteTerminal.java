package dev.fleet.kitty;

import dev.fleet.core.terminal.OpenedWindow;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalException;
import dev.fleet.core.terminal.TerminalKind.WindowControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OS window of a running kitty, asked for over its remote control socket ({@code launch
 * --type=os-window}): the window belongs to that kitty, so fleet records kitty's window id, not a pid.
 *
 * @param remote kitty's {@code --listen-on} address
 */
record KittyRemoteTerminal(String program, String remote) implements Terminal {

    @Override
    public String name() {
        return "kitty (remote control)";
    }

    @Override
    public boolean ownsProcess() {
        return false;
    }

    /** What {@code kitty @} would run; recorded, while the window is opened on the socket itself. */
    @Override
    public List<String> argv(String title, List<String> command) {
        // TMUX= in the window: the command attaches to tmux, which refuses to nest when TMUX is set
        List<String> a = new ArrayList<>(List.of(program, "@", "--to", remote, "launch", "--type=os-window",
                "--os-window-title", title, "--title", title, "--env", "TMUX=", "--"));
        a.addAll(command);
        return a;
    }

    /** kitty's remote control spoken on its socket: no 450 ms {@code kitty @} process. */
    @Override
    public Optional<OpenedWindow> openOverControl(String title, List<String> command) {
        long id;
        try {
            id = KittyClient.of(remote).launch(KittyLaunch.of("os-window", command).withTitle(title)
                    .withEnv(List.of("TMUX=")));
        } catch (KittyException e) {
            throw new TerminalException(name() + " could not open a window: " + e.getMessage());
        }
        return Optional.of(new OpenedWindow(name(), title, argv(title, command), List.of(), List.of(), null, null, remote, id));
    }

    /** A window fleet opened in a running kitty, by kitty's window id. */
    record Window(String remote, long id) implements WindowControl {
        @Override
        public boolean alive() {
            try {
                for (KittyOsWindow ow : KittyClient.of(remote).ls()) {
                    for (KittyTab tab : ow.tabs()) for (KittyWindow win : tab.windows()) if (win.id() == id) return true;
                }
                return false;
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public boolean focus() {
            try {
                KittyClient.of(remote).focusWindow(id);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                KittyClient.of(remote).closeWindow("id:" + id);
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
