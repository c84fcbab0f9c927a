package dev.fleet.tmux;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.layer.ScreenReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An agent's pane as text: {@code capture-pane -p}, with {@code -e} for colours. One tmux call; the
 * visible screen, or with a line count that many lines back, into the pane's history.
 */
final class TmuxScreen implements ScreenReader {
    @Override
    public Optional<String> read(FocusContext ctx, Agent agent, int lines, boolean ansi) {
        TmuxPane p = agent.location(TmuxPane.class).orElse(null);
        if (p == null) return Optional.empty();
        List<String> args = new ArrayList<>(List.of("capture-pane", "-p", "-t", p.pane().paneId()));
        if (ansi) args.add("-e");
        // the history's last N lines and the screen: trailing blank rows of the screen are cut below
        if (lines > 0) args.addAll(List.of("-S", "-" + lines));
        try {
            var r = new Tmux(ctx.exec(), p.socket()).run(args);
            if (!r.ok()) throw new FocusException("tmux capture-pane " + p.pane().paneId() + " on " + p.socket() + ": "
                    + r.firstErrorLine(), ExitCodes.FOCUS_FAILED);
            return Optional.of(ScreenReader.lastLines(r.out(), lines));
        } catch (ExecException e) {
            throw new FocusException("tmux capture-pane on " + p.socket() + ": " + e.getMessage(), ExitCodes.FOCUS_FAILED);
        }
    }
}
