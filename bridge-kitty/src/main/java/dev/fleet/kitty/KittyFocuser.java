package dev.fleet.kitty;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.focus.FocusStep;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Brings an agent's kitty window to the front with one {@code focus-window id:N}, which also selects
 * its tab and focuses its OS window. Part of {@link KittyLayer}.
 * A kitty without remote control gets no step, only a note saying how to enable it; the window
 * manager layer can still raise its OS window.
 */
final class KittyFocuser {
    /** What kitty.conf needs for fleet to select tabs and windows. */
    public static final String ENABLE_REMOTE_CONTROL =
            "allow_remote_control socket-only; listen_on unix:/tmp/kitty-{kitty_pid}";

    private final Duration timeout;

    public KittyFocuser() {
        this(KittyClient.DEFAULT_TIMEOUT);
    }

    public KittyFocuser(Duration timeout) {
        this.timeout = timeout;
    }

    List<FocusStep> plan(FocusContext ctx, Agent agent) {
        Optional<KittyWindowLocation> loc = agent.location(KittyWindowLocation.class);
        if (loc.isEmpty()) return List.of();
        KittyWindowLocation k = loc.get();
        if (k.remote() && k.windowId() > 0) return List.of(new FocusWindow(k, timeout));
        ctx.verbose().accept("kitty: " + cannotSelect(k));
        return List.of();
    }

    /** The note for a kitty without remote control: what cannot be done and how to enable it. */
    static String cannotSelect(KittyWindowLocation k) {
        String which = k.windowId() > 0 ? "window " + k.windowId() : "the agent's window";
        String why = k.remoteError() != null ? k.remoteError()
                : "kitty " + (k.kittyPid() > 0 ? "(pid " + k.kittyPid() + ") " : "") + "has no remote control";
        return "cannot select " + which + " and its tab: " + why + "; only its OS window can be raised. "
                + "To enable, add to kitty.conf: allow_remote_control socket-only and "
                + "listen_on unix:/tmp/kitty-{kitty_pid}, then restart kitty";
    }

    /** {@code focus-window id:N} on the kitty that owns the window. */
    record FocusWindow(KittyWindowLocation loc, Duration timeout) implements FocusStep {
        @Override
        public String layer() {
            return "kitty";
        }

        @Override
        public String describe() {
            return "focus-window id:" + loc.windowId() + " (os window " + loc.osWindowId() + ", tab "
                    + loc.tabId() + ") on " + loc.listenOn();
        }

        @Override
        public void run(FocusContext ctx) {
            try {
                new KittyClient(KittyAddress.parse(loc.listenOn()), timeout).focusWindow(loc.windowId());
            } catch (KittyException e) {
                String msg = e.getMessage();
                if (e.kind() == KittyException.Kind.DISABLED || e.kind() == KittyException.Kind.NO_SOCKET) {
                    msg = msg + "; cannot select window " + loc.windowId();
                }
                throw new FocusException(msg);
            }
        }
    }
}
