package dev.fleet.core.locate;

import java.util.OptionalLong;

/**
 * A location that is a terminal's window (a kitty window, an xterm): what a window manager needs to
 * find its container. Terminal bridges implement it; window-manager bridges look for it.
 */
public interface TerminalWindow extends Location {
    /** The terminal process that owns the OS window (its {@code _NET_WM_PID} / sway {@code pid}). */
    int terminalPid();

    /** The X11 window id of the OS window, when the terminal reports it. */
    OptionalLong x11WindowId();

    /**
     * Whether {@code pid} runs inside this window (the terminal bridge matched the window through it or
     * one of its ancestors). Lets the tmux layer move the client that sits in the window being focused.
     */
    default boolean hostsPid(int pid) {
        return false;
    }
}
