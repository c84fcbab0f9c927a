package dev.fleet.i3;

import dev.fleet.core.locate.Location;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The i3/sway container that holds an agent's terminal window.
 *
 * @param windowId the X11 window id, null for a native Wayland window
 * @param pid      the process owning the window as the window manager reports it (sway), else null
 */
public record WmLocation(WmKind kind, String socket, long conId, Long windowId, Integer pid, String workspace,
        Integer workspaceNum, String output, boolean focused) implements Location {

    @Override
    public String layer() {
        return "wm";
    }

    /** {@code i3 ws 2}, {@code sway ws 3:mail}. */
    @Override
    public String where() {
        return kind.label() + " ws " + (workspace != null ? workspace : workspaceNum != null ? workspaceNum : "?");
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.label());
        m.put("socket", socket);
        m.put("con_id", conId);
        m.put("window_id", windowId);
        m.put("pid", pid);
        m.put("workspace", workspace);
        m.put("workspace_num", workspaceNum);
        m.put("output", output);
        m.put("focused", focused);
        return m;
    }

    static WmLocation of(WmTree tree, WmWindow w) {
        return new WmLocation(tree.kind(), tree.socket().toString(), w.conId(), w.x11Id(), w.pid(), w.workspace(),
                w.workspaceNum(), w.output(), w.focused());
    }
}
