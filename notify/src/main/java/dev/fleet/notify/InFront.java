package dev.fleet.notify;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.locate.Location;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the agent is the one the user is looking at, so a notification would only repeat what is on
 * screen. Decided from the picture the daemon already keeps (no query per change), through the
 * locations' JSON so that this module imports no bridge:
 * <ul>
 * <li>tmux: its pane is the active pane of the active window of a session an attached client shows;
 * <li>i3/sway: the terminal window's container has the focus;
 * <li>each layer the agent was located in must say so; an agent located in none is never in front
 *     (fleet cannot tell, and a notification too many beats one missed).
 * </ul>
 * kitty's window focus is not checked: inside a focused i3/sway container kitty shows one tab, and
 * without a window manager fleet has no cheap way to know the OS window has the focus.
 */
final class InFront {
    private InFront() {
    }

    static boolean test(Agent a) {
        Optional<Location> tmux = a.location("tmux");
        Optional<Location> wm = a.location("wm");
        if (tmux.isEmpty() && wm.isEmpty()) return false;
        if (tmux.isPresent()) {
            Object t = tmux.get().toJson();
            if (!(yes(t, "attached") && yes(t, "pane_active") && yes(t, "window_active"))) return false;
        }
        return wm.isEmpty() || yes(wm.get().toJson(), "focused");
    }

    private static boolean yes(Object json, String key) {
        return json instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get(key));
    }
}
