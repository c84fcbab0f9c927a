package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.layer.Watcher;
import dev.fleet.core.terminal.OpenedWindow;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalChooser;
import dev.fleet.core.terminal.TerminalLauncher;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet watch --window}: the viewer in a new terminal window, opened as {@code switch --attach}
 * opens one (the terminal SPI's order: Ghostty, kitty, alacritty, foot, wezterm, xterm).
 */
final class WatchWindow {
    private WatchWindow() {}

    static int open(Settings s, Console c, String name, Watcher.Plan plan) {
        TerminalChooser chooser = TerminalChooser.system(s.env());
        Optional<Terminal> term = chooser.choose(null);
        if (term.isEmpty()) {
            c.error("watch --window: no terminal found (" + String.join(", ", chooser.names()) + "); watch here with: "
                    + Shell.join(plan.argv()));
            return ExitCodes.ERROR;
        }
        // the window's process must not believe it runs inside the caller's tmux
        Map<String, String> env = new HashMap<>(s.env());
        env.put("TMUX", null);
        env.put("TMUX_PANE", null);
        TerminalLauncher launcher = new TerminalLauncher(env, Exec.withTimeout(Duration.ofSeconds(10)),
                s.stateDir().resolve("watch-terminal.log"), Duration.ofSeconds(10));
        try {
            OpenedWindow w = launcher.launch(term.get(), "fleet watch: " + name, plan.argv());
            launcher.focus(w);
        } catch (RuntimeException e) {
            c.error("watch --window: " + e.getMessage() + "; watch here with: " + Shell.join(plan.argv()));
            return ExitCodes.ERROR;
        }
        c.note(plan.note() + " (in " + term.get().name() + ")");
        return ExitCodes.OK;
    }
}
