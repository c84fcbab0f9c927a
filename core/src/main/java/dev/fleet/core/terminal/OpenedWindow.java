package dev.fleet.core.terminal;

import dev.fleet.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A terminal window fleet opened, as recorded in the workspace state.
 *
 * @param pids         processes fleet started that are the window (killed on close); empty when the
 *                     window belongs to a running instance (Ghostty {@code +new-window}, macOS, kitty remote)
 * @param startTimes   each pid's start time (epoch ms), so a reused pid is never killed
 * @param wmSocket     the i3/sway socket the container was found on, or null
 * @param conId        the window's i3/sway container id, or null when not found / no tiling WM
 * @param controlTo     the terminal's control address when the window was opened over it (kitty's remote
 *                      control socket), or null
 * @param controlWindow the terminal's own id of that window, or null
 *
 * <p>The JSON keys of the last two stay {@code kitty_to}/{@code kitty_window}: an open workspace's
 * state written before reads back the same.
 */
public record OpenedWindow(String terminal, String title, List<String> argv, List<Long> pids, List<Long> startTimes,
        String wmSocket, Long conId, String controlTo, Long controlWindow) {

    public OpenedWindow {
        argv = List.copyOf(argv);
        pids = List.copyOf(pids);
        startTimes = List.copyOf(startTimes);
    }

    public OpenedWindow withCon(String socket, Long con) {
        return new OpenedWindow(terminal, title, argv, pids, startTimes, socket, con, controlTo, controlWindow);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("terminal", terminal);
        m.put("title", title);
        m.put("argv", argv);
        m.put("pids", pids);
        m.put("start_times", startTimes);
        m.put("wm_socket", wmSocket);
        m.put("con_id", conId);
        m.put("kitty_to", controlTo);
        m.put("kitty_window", controlWindow);
        return m;
    }

    public static OpenedWindow fromJson(Map<String, Object> m) {
        long con = Json.lng(m, "con_id", -1);
        long kw = Json.lng(m, "kitty_window", -1);
        return new OpenedWindow(Json.str(m, "terminal"), Json.str(m, "title"), strings(Json.arr(m, "argv")),
                longs(Json.arr(m, "pids")), longs(Json.arr(m, "start_times")), Json.str(m, "wm_socket"),
                con < 0 ? null : con, Json.str(m, "kitty_to"), kw < 0 ? null : kw);
    }

    private static List<String> strings(List<Object> l) {
        List<String> out = new ArrayList<>();
        if (l != null) for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    private static List<Long> longs(List<Object> l) {
        List<Long> out = new ArrayList<>();
        if (l != null) for (Object o : l) if (o instanceof Number n) out.add(n.longValue());
        return out;
    }
}
