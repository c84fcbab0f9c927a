package dev.fleet.kitty;

import dev.fleet.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One tab of an OS window from {@code ls}.
 *
 * @param index  the tab's position in its OS window, from 0 (kitty's {@code index} match field)
 * @param active the active tab of its OS window ({@code is_active_tab} in 0.26, {@code is_active} now)
 */
public record KittyTab(long id, int index, String title, String layout, boolean active, boolean focused,
        List<KittyWindow> windows) {

    public KittyTab {
        windows = List.copyOf(windows);
    }

    @SuppressWarnings("unchecked")
    static KittyTab parse(Map<String, Object> m, int index) {
        List<KittyWindow> ws = new ArrayList<>();
        List<Object> l = Json.arr(m, "windows");
        if (l != null) for (Object o : l) if (o instanceof Map) ws.add(KittyWindow.parse((Map<String, Object>) o));
        boolean active = m.containsKey("is_active_tab") ? Json.bool(m, "is_active_tab", false)
                : Json.bool(m, "is_active", false);
        return new KittyTab(Json.lng(m, "id", 0), index, Json.str(m, "title"), Json.str(m, "layout"), active,
                Json.bool(m, "is_focused", false), ws);
    }
}
