package dev.fleet.kitty;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.layer.ScreenReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The text of the kitty window an agent runs in directly (not through tmux: then the window shows a tmux
 * client, and tmux reads the pane): remote control's {@code get-text}, with {@code ansi} for colours and
 * the scrollback ({@code extent all}) when more lines are asked for than the screen.
 */
final class KittyScreen implements ScreenReader {
    @Override
    public Optional<String> read(FocusContext ctx, Agent agent, int lines, boolean ansi) {
        KittyWindowLocation k = direct(agent).orElse(null);
        if (k == null) return Optional.empty();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("match", "id:" + k.windowId());
        p.put("extent", lines > 0 ? "all" : "screen");
        p.put("ansi", ansi);
        try {
            Object data = client(k).call("get-text", p).get("data");
            return Optional.of(ScreenReader.lastLines(data instanceof String s ? s : "", lines));
        } catch (KittyException e) {
            throw new FocusException(e.getMessage(), ExitCodes.FOCUS_FAILED);
        }
    }

    /**
     * The kitty window whose own process is the agent, reachable by remote control; empty for an agent in
     * tmux (the window runs the tmux client: typing there goes to whatever pane that client shows).
     */
    static Optional<KittyWindowLocation> direct(Agent agent) {
        if (agent.location("tmux").isPresent()) return Optional.empty();
        return agent.location(KittyWindowLocation.class)
                .filter(k -> k.remote() && k.listenOn() != null && k.windowId() > 0 && k.hostsPid(agent.pid()));
    }

    static KittyClient client(KittyWindowLocation k) {
        return new KittyClient(KittyAddress.parse(k.listenOn()), KittyClient.DEFAULT_TIMEOUT);
    }
}
