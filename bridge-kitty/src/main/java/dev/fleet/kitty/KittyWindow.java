package dev.fleet.kitty;

import dev.fleet.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One kitty window (a pane of a tab) from {@code ls}.
 *
 * @param pid            the window's child process (usually the shell)
 * @param active         the active window of its tab ({@code is_active_window} up to 0.3x,
 *                       {@code is_active} in current kitty)
 * @param focused        the window keyboard input goes to (its OS window is focused too)
 * @param foregroundPids the processes of the window's foreground process group
 */
public record KittyWindow(long id, String title, int pid, String cwd, List<String> cmdline, boolean active,
        boolean focused, List<Integer> foregroundPids) {

    public KittyWindow {
        cmdline = List.copyOf(cmdline);
        foregroundPids = List.copyOf(foregroundPids);
    }

    @SuppressWarnings("unchecked")
    static KittyWindow parse(Map<String, Object> m) {
        List<String> cmd = new ArrayList<>();
        List<Object> c = Json.arr(m, "cmdline");
        if (c != null) for (Object o : c) if (o instanceof String s) cmd.add(s);
        List<Integer> fg = new ArrayList<>();
        List<Object> f = Json.arr(m, "foreground_processes");
        if (f != null) {
            for (Object o : f) {
                if (o instanceof Map) {
                    long p = Json.lng((Map<String, Object>) o, "pid", -1);
                    if (p > 0) fg.add((int) p);
                }
            }
        }
        boolean active = m.containsKey("is_active_window") ? Json.bool(m, "is_active_window", false)
                : Json.bool(m, "is_active", false);
        return new KittyWindow(Json.lng(m, "id", 0), Json.str(m, "title"), (int) Json.lng(m, "pid", 0),
                Json.str(m, "cwd"), cmd, active, Json.bool(m, "is_focused", false), fg);
    }
}
