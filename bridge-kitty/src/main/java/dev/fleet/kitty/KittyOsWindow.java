package dev.fleet.kitty;

import dev.fleet.core.json.Json;
import dev.fleet.core.json.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One OS window of a kitty instance from {@code ls}.
 *
 * @param platformWindowId the X11 window id on X11 (null on Wayland)
 * @param active           kitty's active OS window (the one it last considered current)
 * @param focused          the OS window that has keyboard focus right now
 */
public record KittyOsWindow(long id, Long platformWindowId, boolean active, boolean focused, boolean lastFocused,
        String wmClass, List<KittyTab> tabs) {

    public KittyOsWindow {
        tabs = List.copyOf(tabs);
    }

    /** Parses the text of {@code ls}'s {@code data}: a JSON array of OS windows. */
    @SuppressWarnings("unchecked")
    public static List<KittyOsWindow> parseList(String lsData) {
        Object root = Json.parse(lsData);
        if (!(root instanceof List)) throw new JsonException("kitty ls: expected a JSON array of OS windows");
        List<KittyOsWindow> out = new ArrayList<>();
        for (Object o : (List<Object>) root) if (o instanceof Map) out.add(parse((Map<String, Object>) o));
        return out;
    }

    @SuppressWarnings("unchecked")
    static KittyOsWindow parse(Map<String, Object> m) {
        List<KittyTab> tabs = new ArrayList<>();
        List<Object> l = Json.arr(m, "tabs");
        if (l != null) {
            int i = 0;
            for (Object o : l) if (o instanceof Map) tabs.add(KittyTab.parse((Map<String, Object>) o, i++));
        }
        long pw = Json.lng(m, "platform_window_id", -1);
        return new KittyOsWindow(Json.lng(m, "id", 0), pw > 0 ? pw : null, Json.bool(m, "is_active", false),
                Json.bool(m, "is_focused", false), Json.bool(m, "last_focused", false), Json.str(m, "wm_class"), tabs);
    }
}
