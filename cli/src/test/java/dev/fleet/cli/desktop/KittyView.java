package dev.fleet.cli.desktop;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What kitty says about itself, through its own {@code kitty @} client (test side only: independent of
 * fleet's kitty bridge, and the 450 ms a call do not matter here).
 */
final class KittyView {
    private KittyView() {}

    record Active(long osWindowId, boolean osWindowFocused, long tabId, long windowId) {}

    static String rc(Path socket, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("kitty", "@", "--to", "unix:" + socket));
        argv.addAll(List.of(args));
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(20)).run(argv);
        if (!r.ok()) throw new AssertionError("kitty @ " + String.join(" ", args) + ": " + r.firstErrorLine());
        return r.out();
    }

    /** The active tab and window of the OS window holding window {@code windowId}. */
    @SuppressWarnings("unchecked")
    static Active activeAround(Path socket, long windowId) {
        for (Object ow : (List<Object>) Json.parse(rc(socket, "ls"))) {
            Map<String, Object> o = (Map<String, Object>) ow;
            boolean holds = false;
            long activeTab = -1, activeWin = -1;
            for (Object t : Json.arr(o, "tabs")) {
                Map<String, Object> tab = (Map<String, Object>) t;
                boolean tabActive = Json.bool(tab, "is_focused", false) || Json.bool(tab, "is_active", false);
                for (Object w : Json.arr(tab, "windows")) {
                    Map<String, Object> win = (Map<String, Object>) w;
                    if (Json.lng(win, "id", -2) == windowId) holds = true;
                    boolean winActive = Json.bool(win, "is_focused", false) || Json.bool(win, "is_active", false);
                    if (tabActive && winActive) activeWin = Json.lng(win, "id", -1);
                }
                if (tabActive) activeTab = Json.lng(tab, "id", -1);
            }
            if (holds) return new Active(Json.lng(o, "id", -1), Json.bool(o, "is_focused", false), activeTab, activeWin);
        }
        throw new AssertionError("kitty at " + socket + " has no window " + windowId);
    }

    /** The tab id of a window. */
    @SuppressWarnings("unchecked")
    static long tabOf(Path socket, long windowId) {
        for (Object ow : (List<Object>) Json.parse(rc(socket, "ls"))) {
            for (Object t : Json.arr((Map<String, Object>) ow, "tabs")) {
                for (Object w : Json.arr((Map<String, Object>) t, "windows")) {
                    if (Json.lng((Map<String, Object>) w, "id", -2) == windowId) return Json.lng((Map<String, Object>) t, "id", -1);
                }
            }
        }
        throw new AssertionError("no window " + windowId);
    }

    /** The kitty window whose process is {@code pid}. */
    @SuppressWarnings("unchecked")
    static long windowOfPid(Path socket, int pid) {
        for (Object ow : (List<Object>) Json.parse(rc(socket, "ls"))) {
            for (Object t : Json.arr((Map<String, Object>) ow, "tabs")) {
                for (Object w : Json.arr((Map<String, Object>) t, "windows")) {
                    Map<String, Object> win = (Map<String, Object>) w;
                    if (Json.lng(win, "pid", -2) == pid) return Json.lng(win, "id", -1);
                }
            }
        }
        throw new AssertionError("no kitty window runs pid " + pid);
    }
}
