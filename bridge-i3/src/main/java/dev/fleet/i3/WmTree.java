package dev.fleet.i3;

import dev.fleet.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The windows of one GET_TREE reply, indexed by X11 window id and (sway) by pid. */
public final class WmTree {
    private final WmKind kind;
    private final Path socket;
    private final List<WmWindow> windows;
    private final Map<Long, WmWindow> byX11 = new HashMap<>();
    private final Map<Integer, List<WmWindow>> byPid = new HashMap<>();

    private WmTree(WmKind kind, Path socket, List<WmWindow> windows) {
        this.kind = kind;
        this.socket = socket;
        this.windows = List.copyOf(windows);
        for (WmWindow w : windows) {
            if (w.x11Id() != null) byX11.putIfAbsent(w.x11Id(), w);
            if (w.pid() != null) byPid.computeIfAbsent(w.pid(), k -> new ArrayList<>()).add(w);
        }
    }

    public static WmTree parse(WmKind kind, Path socket, Map<String, Object> root) {
        List<WmWindow> out = new ArrayList<>();
        walk(root, null, null, null, out, 0);
        return new WmTree(kind, socket, out);
    }

    private static void walk(Map<String, Object> node, String output, String workspace, Integer wsNum,
            List<WmWindow> out, int depth) {
        if (depth > 64) return; // Json limits nesting anyway; a bound keeps a hostile tree harmless
        String type = Json.str(node, "type");
        if ("output".equals(type)) output = Json.str(node, "name");
        if ("workspace".equals(type)) {
            workspace = Json.str(node, "name");
            long num = Json.lng(node, "num", -1);
            wsNum = num >= 0 ? (int) num : null;
        }
        Long x11 = node.get("window") instanceof Number n ? n.longValue() : null;
        long pid = Json.lng(node, "pid", -1);
        boolean isWindow = ("con".equals(type) || "floating_con".equals(type)) && (x11 != null || pid > 0);
        if (isWindow) {
            out.add(new WmWindow(Json.lng(node, "id", -1), x11, pid > 0 ? (int) pid : null,
                    Json.str(node, "name"), workspace, wsNum, output, Json.bool(node, "focused", false)));
        }
        for (String key : new String[] {"nodes", "floating_nodes"}) {
            List<Object> kids = Json.arr(node, key);
            if (kids == null) continue;
            for (Object k : kids) {
                if (k instanceof Map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> child = (Map<String, Object>) k;
                    walk(child, output, workspace, wsNum, out, depth + 1);
                }
            }
        }
    }

    public WmKind kind() {
        return kind;
    }

    public Path socket() {
        return socket;
    }

    public List<WmWindow> windows() {
        return windows;
    }

    public WmWindow byX11(long id) {
        return byX11.get(id);
    }

    /** The windows a process owns (sway); several when one process serves many windows (foot --server). */
    public List<WmWindow> byPid(int pid) {
        return byPid.getOrDefault(pid, List.of());
    }

    public boolean hasPids() {
        return !byPid.isEmpty();
    }

    public boolean hasX11Windows() {
        return !byX11.isEmpty();
    }
}
