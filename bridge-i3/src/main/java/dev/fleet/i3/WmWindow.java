package dev.fleet.i3;

/**
 * One window container of a GET_TREE reply, with where it sits.
 *
 * @param x11Id the X11 window id ({@code window}); null for a native Wayland window
 * @param pid   the owning process ({@code pid}, sway only); null on i3
 */
public record WmWindow(long conId, Long x11Id, Integer pid, String name, String workspace, Integer workspaceNum,
        String output, boolean focused) {}
