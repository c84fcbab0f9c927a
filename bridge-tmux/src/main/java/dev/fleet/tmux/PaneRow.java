package dev.fleet.tmux;

/** One line of {@code list-panes -a}: a pane and the window and session it sits in. */
public record PaneRow(
        String paneId,
        int panePid,
        String sessionId,
        String windowId,
        int windowIndex,
        int paneIndex,
        boolean paneActive,
        boolean windowActive,
        int sessionAttached,
        boolean windowZoomed,
        String sessionGroup,
        int serverPid,
        String windowName,
        String sessionName) {}
