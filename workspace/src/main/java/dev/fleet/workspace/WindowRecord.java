package dev.fleet.workspace;

import dev.fleet.core.json.Json;
import dev.fleet.core.terminal.OpenedWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workspace window as {@code workspace.json} records it ({@code "window"}). The keys of the
 * control channel stay {@code kitty_to}/{@code kitty_window}, the names the first release wrote, so
 * an open workspace's state reads back the same after an upgrade.
 */
final class WindowRecord {
    private WindowRecord() {}

    static Map<String, Object> toJson(OpenedWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("terminal", w.terminal());
        m.put("title", w.title());
        m.put("argv", w.argv());
        m.put("pids", w.pids());
        m.put("start_times", w.startTimes());
        m.put("wm_socket", w.wmSocket());
        m.put("con_id", w.conId());
        m.put("kitty_to", w.controlTo());
        m.put("kitty_window", w.controlWindow());
        return m;
    }

    static OpenedWindow fromJson(Map<String, Object> m) {
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
