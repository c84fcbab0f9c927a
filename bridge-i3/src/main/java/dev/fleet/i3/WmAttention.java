package dev.fleet.i3;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Attention;
import dev.fleet.core.json.Json;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The window manager's urgency on a waiting agent's terminal window: the mark bars and workspace
 * buttons already show. sway takes it as a command ({@code [con_id=N] urgent enable}); i3 has no such
 * command, it follows the X11 window's WM_HINTS urgency flag, set with {@code xdotool set_window
 * --urgency}. Both ignore urgency on the window that has the focus: the user is already looking at it.
 */
final class WmAttention implements Attention {
    /** A container, with what each window manager needs to reach it. */
    record Con(WmKind kind, String socket, long conId, Long windowId, String display) {}

    private Set<Con> urgent = new HashSet<>();

    @Override
    public synchronized void show(FocusContext ctx, List<Agent> agents) {
        Map<Con, Boolean> want = new LinkedHashMap<>();
        for (Agent a : agents) {
            if (a.state() != AgentState.WAITING) continue;
            WmLocation l = a.location(WmLocation.class).orElse(null);
            if (l == null) continue;
            String display = a.hints().getOrDefault("DISPLAY", ctx.env("DISPLAY"));
            want.put(new Con(l.kind(), l.socket(), l.conId(), l.windowId(), display), true);
        }
        for (Con c : urgent) if (!want.containsKey(c)) set(ctx, c, false);
        for (Con c : want.keySet()) if (!urgent.contains(c)) set(ctx, c, true);
        urgent = new HashSet<>(want.keySet());
    }

    @Override
    public synchronized List<Map<String, Object>> ledger() {
        List<Map<String, Object>> l = new java.util.ArrayList<>();
        for (Con c : urgent) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("kind", c.kind().name());
            e.put("socket", c.socket());
            e.put("con", c.conId());
            e.put("window", c.windowId());
            e.put("display", c.display());
            l.add(e);
        }
        return l;
    }

    @Override
    public synchronized void adopt(List<Map<String, Object>> ledger) {
        Set<Con> all = new HashSet<>(urgent);
        for (Map<String, Object> e : ledger) {
            WmKind kind;
            try {
                kind = WmKind.valueOf(String.valueOf(e.get("kind")));
            } catch (IllegalArgumentException x) {
                continue;
            }
            long con = Json.lng(e, "con", -1);
            if (con < 0) continue;
            Object w = e.get("window");
            all.add(new Con(kind, Json.str(e, "socket"), con, w instanceof Number n ? n.longValue() : null, Json.str(e, "display")));
        }
        urgent = all;
    }

    private static void set(FocusContext ctx, Con c, boolean on) {
        if (c.kind() == WmKind.SWAY) {
            try (I3Ipc ipc = I3Ipc.connect(Path.of(c.socket()), WmFocuser.IPC_TIMEOUT)) {
                ipc.command("[con_id=" + c.conId() + "] urgent " + (on ? "enable" : "disable"));
            } catch (I3IpcException e) {
                ctx.verbose().accept("sway urgency of con " + c.conId() + ": " + e.getMessage());
            }
            return;
        }
        if (c.windowId() == null || c.display() == null) {
            ctx.verbose().accept("i3 urgency of con " + c.conId() + ": no X11 window or DISPLAY to set it on");
            return;
        }
        try {
            var r = ctx.exec().run(List.of("xdotool", "set_window", "--urgency", on ? "1" : "0", Long.toString(c.windowId())),
                    Map.of("DISPLAY", c.display()), null);
            if (!r.ok()) ctx.verbose().accept("i3 urgency of window " + c.windowId() + ": xdotool: " + r.firstErrorLine());
        } catch (ExecException e) {
            ctx.verbose().accept("i3 urgency of window " + c.windowId() + ": " + e.getMessage());
        }
    }
}
