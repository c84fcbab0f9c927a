package dev.fleet.tmux;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.layer.TextSender;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Types into an agent's pane as a paste: the text goes to a tmux buffer of its own through tmux's stdin
 * ({@code load-buffer -b NAME -}: no argument, no shell, any bytes), {@code paste-buffer -p} pastes it
 * bracketed when the program asked for bracketed paste (Claude Code does), so newlines do not submit,
 * and deletes the buffer ({@code -d}); {@code -r} keeps newlines as they are. Enter is a key of its own
 * ({@code send-keys Enter}), a moment later.
 */
final class TmuxInput implements TextSender {
    @Override
    public boolean send(FocusContext ctx, Agent agent, String text, boolean submit) {
        TmuxPane p = agent.location(TmuxPane.class).orElse(null);
        if (p == null) return false;
        String pane = p.pane().paneId();
        // unique per call, so two senders (or a user's own buffers) never paste each other's text
        String buffer = "fleet-send-" + ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Tmux tmux = new Tmux(ctx.exec(), p.socket());
        try {
            if (!text.isEmpty()) {
                Exec.Result r = withStdin(ctx.exec(), p, text.getBytes(StandardCharsets.UTF_8),
                        List.of("load-buffer", "-b", buffer, "-", ";", "paste-buffer", "-p", "-r", "-d", "-b", buffer, "-t", pane));
                if (!r.ok()) {
                    tmux.run("delete-buffer", "-b", buffer); // a paste that failed leaves the buffer: nothing of ours stays
                    throw new FocusException("tmux paste into " + pane + " on " + p.socket() + ": " + r.firstErrorLine(),
                            ExitCodes.FOCUS_FAILED);
                }
            }
            if (submit) {
                if (!text.isEmpty()) sleep(ENTER_DELAY_MS);
                var r = tmux.run("send-keys", "-t", pane, "Enter");
                if (!r.ok()) throw new FocusException("tmux send-keys Enter to " + pane + " on " + p.socket() + ": "
                        + r.firstErrorLine(), ExitCodes.FOCUS_FAILED);
            }
            return true;
        } catch (ExecException e) {
            throw new FocusException("tmux on " + p.socket() + ": " + e.getMessage(), ExitCodes.FOCUS_FAILED);
        }
    }

    /** {@code tmux -u -S socket args…} with {@code bytes} on its stdin (as {@link Tmux#run}, which has none). */
    private static Exec.Result withStdin(Exec exec, TmuxPane p, byte[] bytes, List<String> args) {
        List<String> argv = new java.util.ArrayList<>(List.of("tmux", "-u", "-S", p.socket().toString()));
        argv.addAll(args);
        Map<String, String> env = new HashMap<>();
        env.put("TMUX", null);
        return Tmux.failOnSocketError(exec.run(argv, env, bytes));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
