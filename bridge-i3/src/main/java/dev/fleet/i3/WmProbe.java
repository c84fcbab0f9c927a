package dev.fleet.i3;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.locate.LocateContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code fleet doctor}'s window-manager layer: the X display, the i3/sway sockets and whether they answer. */
final class WmProbe {
    List<Finding> probe(LocateContext ctx, List<Agent> agents) {
        List<Finding> out = new ArrayList<>();
        String display = ctx.env("DISPLAY");
        String wayland = ctx.env("WAYLAND_DISPLAY");
        if (display == null && wayland == null) {
            out.add(Finding.warn("display", "neither DISPLAY nor WAYLAND_DISPLAY is set in fleet's environment",
                    "run fleet from your desktop session (a hotkey binding does); agents' own variables are still used"));
        } else {
            out.add(Finding.ok("display", (display != null ? "X display " + display : "") + (display != null && wayland != null ? ", " : "")
                    + (wayland != null ? "Wayland display " + wayland : "")));
        }
        if (display != null && !Exec.onPath("xdotool")) {
            out.add(Finding.warn("display", "xdotool is not installed: windows of terminals other than kitty cannot be found on i3",
                    "sudo apt-get install xdotool"));
        }
        List<WmSocket> sockets = WmSockets.discover(ctx, agents);
        if (sockets.isEmpty()) {
            out.add(Finding.missing("wm", "no i3 or sway IPC socket found (I3SOCK / SWAYSOCK, i3 --get-socketpath)",
                    "workspaces will not be switched; run fleet inside your i3/sway session or export I3SOCK/SWAYSOCK"));
        }
        for (WmSocket s : sockets) {
            try (I3Ipc ipc = I3Ipc.connect(s.path(), Duration.ofSeconds(2))) {
                Map<String, Object> v = ipc.version();
                out.add(Finding.ok("wm", Json.str(v, "human_readable") + " answers at " + s.path() + " (from " + s.source() + ")"));
            } catch (RuntimeException e) {
                out.add(Finding.warn("wm", s.path() + " does not answer: " + e.getMessage(),
                        "a stale socket from an earlier session; restart fleet from the current one"));
            }
        }
        return out;
    }
}
