package dev.fleet.core.terminal;

import java.util.List;

/**
 * A terminal window fleet opened: enough to check, raise and close it later.
 *
 * @param pids         processes fleet started that are the window (killed on close); empty when the
 *                     window belongs to a running instance (Ghostty {@code +new-window}, macOS, kitty remote)
 * @param startTimes   each pid's start time (epoch ms), so a reused pid is never killed
 * @param wmSocket     the i3/sway socket the container was found on, or null
 * @param conId        the window's i3/sway container id, or null when not found / no tiling WM
 * @param controlTo     the terminal's control address when the window was opened over it (kitty's remote
 *                      control socket), or null
 * @param controlWindow the terminal's own id of that window, or null
 *
 * <p>Who records it decides its file format (the workspace: {@code workspace.json}'s {@code window}).
 */
public record OpenedWindow(String terminal, String title, List<String> argv, List<Long> pids, List<Long> startTimes,
        String wmSocket, Long conId, String controlTo, Long controlWindow) {

    public OpenedWindow {
        argv = List.copyOf(argv);
        pids = List.copyOf(pids);
        startTimes = List.copyOf(startTimes);
    }

    public OpenedWindow withCon(String socket, Long con) {
        return new OpenedWindow(terminal, title, argv, pids, startTimes, socket, con, controlTo, controlWindow);
    }
}
