package dev.fleet.i3;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.ExecException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * X11 windows by {@code _NET_WM_PID}, asked of {@code xdotool search --pid} at most once per (display, pid)
 * per locate call. i3's tree carries no pids, so this is how a terminal process becomes an i3 container
 * when nobody told us its window id.
 */
final class XWindows {
    private final Exec exec;
    private final Consumer<String> verbose;
    private final Map<String, List<Long>> cache = new HashMap<>();
    private Boolean available;

    XWindows(Exec exec, Consumer<String> verbose) {
        this.exec = exec;
        this.verbose = verbose;
    }

    /** The ids of the windows whose _NET_WM_PID is {@code pid} on {@code display}; empty when unknown. */
    List<Long> ofPid(String display, int pid) {
        if (display == null) return List.of();
        if (available == null) {
            available = Exec.onPath("xdotool");
            if (!available) verbose.accept("wm: xdotool is not installed; windows cannot be matched by pid");
        }
        if (!available) return List.of();
        return cache.computeIfAbsent(display + "\0" + pid, k -> query(display, pid));
    }

    private List<Long> query(String display, int pid) {
        List<Long> ids = new ArrayList<>();
        try {
            Exec.Result r = exec.run(List.of("xdotool", "search", "--pid", Integer.toString(pid)),
                    Map.of("DISPLAY", display), null);
            // exit 1 with no output simply means "no window"
            for (String line : r.out().split("\n")) {
                String s = line.strip();
                if (s.isEmpty()) continue;
                try {
                    ids.add(Long.parseLong(s));
                } catch (NumberFormatException e) {
                    // not a window id; ignore
                }
            }
            if (!r.ok() && ids.isEmpty() && !r.err().isBlank()) {
                verbose.accept("wm: xdotool search --pid " + pid + ": " + r.firstErrorLine());
            }
        } catch (ExecException e) {
            verbose.accept("wm: " + e.getMessage());
        }
        return ids;
    }
}
