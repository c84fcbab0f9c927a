package dev.fleet.testkit.desktop;

import dev.fleet.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Walking a GET_TREE reply (as parsed by core's Json): the fixture's and the tests' view of the tree. */
public final class Trees {
    private Trees() {}

    /** Every node of the tree, depth first, floating ones included. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> nodes(Map<String, Object> root) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Map<String, Object>> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Map<String, Object> n = stack.remove(stack.size() - 1);
            out.add(n);
            for (String k : new String[] {"floating_nodes", "nodes"}) {
                List<Object> kids = Json.arr(n, k);
                if (kids == null) continue;
                for (int i = kids.size() - 1; i >= 0; i--) {
                    if (kids.get(i) instanceof Map) stack.add((Map<String, Object>) kids.get(i));
                }
            }
        }
        return out;
    }

    public static Map<String, Object> find(Map<String, Object> root, Predicate<Map<String, Object>> p) {
        for (Map<String, Object> n : nodes(root)) if (p.test(n)) return n;
        return null;
    }

    /** The focused node: the window that has the input focus. */
    public static Map<String, Object> focused(Map<String, Object> root) {
        return find(root, n -> Json.bool(n, "focused", false));
    }

    /** The workspace that holds the node with con id {@code conId}, or null. */
    @SuppressWarnings("unchecked")
    public static String workspaceOf(Map<String, Object> root, long conId) {
        return workspaceOf(root, conId, null);
    }

    @SuppressWarnings("unchecked")
    private static String workspaceOf(Map<String, Object> n, long conId, String ws) {
        if ("workspace".equals(Json.str(n, "type"))) ws = Json.str(n, "name");
        if (Json.lng(n, "id", -1) == conId) return ws;
        for (String k : new String[] {"nodes", "floating_nodes"}) {
            List<Object> kids = Json.arr(n, k);
            if (kids == null) continue;
            for (Object c : kids) {
                if (!(c instanceof Map)) continue;
                String r = workspaceOf((Map<String, Object>) c, conId, ws);
                if (r != null) return r;
            }
        }
        return null;
    }

    /** A window node whose title (i3: window_properties.title; sway: name) is {@code title}. */
    public static Map<String, Object> windowTitled(Map<String, Object> root, String title) {
        return find(root, n -> {
            Map<String, Object> props = Json.obj(n, "window_properties");
            String t = props != null ? Json.str(props, "title") : null;
            boolean isWindow = n.get("window") instanceof Number || n.get("pid") instanceof Number;
            return isWindow && (title.equals(t) || title.equals(Json.str(n, "name")));
        });
    }
}
