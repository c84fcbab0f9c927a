package dev.fleet.cli;

import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.ghostty.OpenedWindow;
import dev.fleet.ghostty.Terminal;
import dev.fleet.ghostty.TerminalChooser;
import dev.fleet.ghostty.TerminalLauncher;
import dev.fleet.tmux.Tmux;
import dev.fleet.tmux.TmuxFocuser;
import dev.fleet.tmux.TmuxPane;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code fleet switch --attach}: no tmux client shows the agent's server, so open a terminal (the
 * workspace's launcher order: Ghostty, kitty — through its socket when one runs — alacritty, foot,
 * wezterm, xterm) attached straight to the agent's pane.
 */
final class AttachTerminal {
    private AttachTerminal() {}

    static int open(Settings s, Console c, Agent agent) {
        Optional<TmuxPane> loc = agent.location(TmuxPane.class);
        if (loc.isEmpty()) return ExitCodes.NOT_SHOWN;
        TmuxPane p = loc.get();
        List<String> cmd = TmuxFocuser.attachCommand(p);
        Optional<Terminal> term = TerminalChooser.system(s.env()).choose(null);
        if (term.isEmpty()) {
            c.error("--attach: no terminal found (ghostty, " + String.join(", ", TerminalChooser.FALLBACKS)
                    + "); attach with: " + Shell.join(cmd));
            return ExitCodes.NOT_SHOWN;
        }
        c.verbose("attach: opening " + term.get().name() + " on " + Shell.join(cmd));
        TerminalLauncher launcher = new TerminalLauncher(s.env(), Exec.withTimeout(Duration.ofSeconds(10)),
                s.stateDir().resolve("attach-terminal.log"), Duration.ofSeconds(10));
        OpenedWindow w;
        try {
            w = launcher.launch(term.get(), "fleet: " + agent.displayName(), cmd);
        } catch (RuntimeException e) {
            c.error("--attach: " + e.getMessage() + "; attach with: " + Shell.join(cmd));
            return ExitCodes.NOT_SHOWN;
        }
        // Done when the new client shows the agent's pane.
        Tmux tmux = new Tmux(Exec.withTimeout(Duration.ofSeconds(2)), p.socket());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Exec.Result r = tmux.run("list-clients", "-F", "#{pane_id}");
            if (r.ok() && r.out().lines().anyMatch(l -> l.equals(p.pane().paneId()))) {
                launcher.focus(w);
                c.verbose("attach: " + term.get().name() + " shows " + p.pane().paneId());
                return ExitCodes.OK;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        c.error("--attach: " + term.get().name() + " opened, but no client shows " + p.pane().paneId() + " yet");
        return ExitCodes.NOT_SHOWN;
    }
}
