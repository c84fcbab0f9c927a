package dev.fleet.kitty;

import dev.fleet.core.locate.TerminalWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The kitty window an agent (or the tmux client showing it) runs in.
 *
 * <p>With remote control ({@code remote}) every field comes from kitty's {@code ls}. Without it, only
 * what the environment tells: {@code KITTY_PID} and {@code KITTY_WINDOW_ID}; the window manager can
 * still raise the OS window through {@link #terminalPid()}, but no tab or window can be selected.
 *
 * @param listenOn         the kitty's remote-control address, or null when it has none
 * @param remoteError      why remote control failed (kitty's refusal, no socket), or null
 * @param kittyPid         the kitty process owning the OS window (0: unknown)
 * @param osWindowId       kitty's OS window id, null without remote control
 * @param platformWindowId the X11 window id of the OS window (X11 only)
 * @param windowId         the kitty window id (0: unknown)
 * @param focused          the window has keyboard focus (its tab and OS window too)
 * @param active           the window is the active one of its tab
 * @param tabActive        the tab is the active one of its OS window
 * @param osWindowFocused  the OS window has keyboard focus
 * @param hosted           the processes matched to this window (the agent, or tmux clients showing it)
 */
public record KittyWindowLocation(
        boolean remote,
        String listenOn,
        String remoteError,
        int kittyPid,
        Long osWindowId,
        Long platformWindowId,
        Long tabId,
        Integer tabIndex,
        String tabTitle,
        long windowId,
        String windowTitle,
        boolean focused,
        boolean active,
        boolean tabActive,
        boolean osWindowFocused,
        List<Integer> hosted) implements TerminalWindow {

    public KittyWindowLocation {
        hosted = List.copyOf(hosted);
    }

    /** A window found in an {@code ls} tree. */
    static KittyWindowLocation of(String listenOn, int kittyPid, KittyOsWindow os, KittyTab tab, KittyWindow w,
            List<Integer> hosted) {
        // kitty (0.26 at least) reports a window focused when it is the active window of any tab of the
        // focused OS window, even a tab in the background: focused means what has the keyboard.
        boolean focused = w.focused() && w.active() && tab.active() && os.focused();
        return new KittyWindowLocation(true, listenOn, null, kittyPid, os.id(), os.platformWindowId(), tab.id(),
                tab.index(), tab.title(), w.id(), w.title(), focused, w.active(), tab.active(), os.focused(), hosted);
    }

    /** A kitty known only from its environment variables. */
    static KittyWindowLocation withoutRemote(String listenOn, String remoteError, int kittyPid, long windowId,
            List<Integer> hosted) {
        return new KittyWindowLocation(false, listenOn, remoteError, kittyPid, null, null, null, null, null, windowId,
                null, false, false, false, false, hosted);
    }

    @Override
    public String layer() {
        return "kitty";
    }

    /** {@code kitty 1/2/3}: OS window, tab and window ids ({@code ?} where unknown). */
    @Override
    public String where() {
        return "kitty " + id(osWindowId) + "/" + id(tabId) + "/" + (windowId > 0 ? Long.toString(windowId) : "?");
    }

    private static String id(Long v) {
        return v == null ? "?" : v.toString();
    }

    @Override
    public int terminalPid() {
        return kittyPid;
    }

    @Override
    public OptionalLong x11WindowId() {
        return platformWindowId == null ? OptionalLong.empty() : OptionalLong.of(platformWindowId);
    }

    @Override
    public boolean hostsPid(int pid) {
        return hosted.contains(pid);
    }

    @Override
    public List<String> names() {
        List<String> n = new ArrayList<>();
        if (windowTitle != null && !windowTitle.isBlank()) n.add(windowTitle);
        if (tabTitle != null && !tabTitle.isBlank() && !tabTitle.equals(windowTitle)) n.add(tabTitle);
        return n;
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("where", where());
        m.put("remote", remote);
        m.put("listen_on", listenOn);
        if (remoteError != null) m.put("remote_error", remoteError);
        m.put("kitty_pid", kittyPid > 0 ? kittyPid : null);
        m.put("os_window_id", osWindowId);
        m.put("platform_window_id", platformWindowId);
        m.put("tab_id", tabId);
        m.put("tab_index", tabIndex);
        m.put("tab_title", tabTitle);
        m.put("window_id", windowId > 0 ? windowId : null);
        m.put("window_title", windowTitle);
        m.put("is_focused", focused);
        m.put("is_active", active);
        m.put("tab_is_active", tabActive);
        m.put("os_window_is_focused", osWindowFocused);
        return m;
    }
}
