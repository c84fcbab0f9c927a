package dev.fleet.workspace;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.terminal.OpenedWindow;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalChooser;
import dev.fleet.core.terminal.TerminalLauncher;
import dev.fleet.tmux.Tmux;
import dev.fleet.tmux.TmuxFocuser;
import dev.fleet.tmux.TmuxPane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet switch --attach}: no tmux client shows the agent's server, so open a terminal (the
 * workspace's launcher order: Ghostty, kitty — through its socket when one runs — alacritty, foot,
 * wezterm, xterm) attached straight to the agent's pane.
 */
public final class AttachWindow {
    private AttachWindow() {}

    public static int open(Map<String, String> env, Path stateDir, Reporter r, Agent agent) {
        Optional<TmuxPane> loc = agent.location(TmuxPane.class);
        if (loc.isEmpty()) return ExitCodes.NOT_SHOWN;
        TmuxPane p = loc.get();
        List<String> cmd = TmuxFocuser.attachCommand(p);
        TerminalLauncher launcher = launcher(env, stateDir);
        OpenedWindow w = launch(env, launcher, r, "fleet: " + agent.displayName(), cmd);
        if (w == null) return ExitCodes.NOT_SHOWN;
        // Done when the new client shows the agent's pane.
        Tmux tmux = new Tmux(Exec.withTimeout(Duration.ofSeconds(2)), p.socket());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            // not a control client's row: the daemon's, attached to that very session, is no terminal
            Exec.Result res = tmux.run("list-clients", "-F", "#{?client_control_mode,,#{pane_id}}");
            if (res.ok() && res.out().lines().anyMatch(l -> l.equals(p.pane().paneId()))) {
                launcher.focus(w);
                r.verbose("attach: the new terminal shows " + p.pane().paneId());
                return ExitCodes.OK;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        r.error("--attach: a terminal opened, but no client shows " + p.pane().paneId() + " yet");
        return ExitCodes.NOT_SHOWN;
    }

    /**
     * A terminal running {@code cmd} (another host's agent: {@code ssh -t host tmux attach …}), brought to the
     * front; whether it attached only that host's tmux can say, so the caller checks there.
     */
    public static int openCommand(Map<String, String> env, Path stateDir, Reporter r, String title, List<String> cmd) {
        TerminalLauncher launcher = launcher(env, stateDir);
        OpenedWindow w = launch(env, launcher, r, title, cmd);
        if (w == null) return ExitCodes.NOT_SHOWN;
        launcher.focus(w);
        return ExitCodes.OK;
    }

    private static TerminalLauncher launcher(Map<String, String> env, Path stateDir) {
        return new TerminalLauncher(AttachEnv.of(env), Exec.withTimeout(Duration.ofSeconds(10)),
                stateDir.resolve("attach-terminal.log"), Duration.ofSeconds(10));
    }

    /** The chosen terminal opened on {@code cmd}; null with the line printed when none could be. */
    private static OpenedWindow launch(Map<String, String> env, TerminalLauncher launcher, Reporter r, String title, List<String> cmd) {
        TerminalChooser chooser = TerminalChooser.system(env);
        Optional<Terminal> term = chooser.choose(null);
        if (term.isEmpty()) {
            r.error("--attach: no terminal found (" + String.join(", ", chooser.names()) + "); attach with: " + Shell.join(cmd));
            return null;
        }
        r.verbose("attach: opening " + term.get().name() + " on " + Shell.join(cmd));
        try {
            return launcher.launch(term.get(), title, cmd);
        } catch (RuntimeException e) {
            r.error("--attach: " + e.getMessage() + "; attach with: " + Shell.join(cmd));
            return null;
        }
    }
}
