package dev.fleet.ghostty;

import java.util.ArrayList;
import java.util.List;

/**
 * A way to open a terminal window running a command: which program, and how its argv is built.
 * Built-in kinds know their own flags; {@link Kind#CUSTOM} appends the command to what the user gave.
 *
 * @param program the executable (a path, or a name looked up on PATH; for macOS Ghostty, {@code open})
 * @param prefix  for {@link Kind#CUSTOM}: the user's words before the command
 * @param remote  for {@link Kind#KITTY_REMOTE}: kitty's {@code --listen-on} address
 */
public record Terminal(Kind kind, String program, List<String> prefix, String remote) {

    public enum Kind {
        /** {@code ghostty --title=T -e cmd…}: each {@code -e} window is its own process on Linux. */
        GHOSTTY,
        /** {@code ghostty +new-window --title=T -e cmd…}: asks a running single-instance Ghostty. */
        GHOSTTY_NEW_WINDOW,
        /** {@code open -na Ghostty.app --args --title=T -e cmd…}. */
        GHOSTTY_MACOS,
        /** {@code kitty --title T cmd…}: a new kitty process. */
        KITTY,
        /** {@code kitty @ --to ADDR launch --type=os-window …}: a window of a running kitty. */
        KITTY_REMOTE,
        ALACRITTY,
        FOOT,
        WEZTERM,
        XTERM,
        /** {@code --terminal "words…"}: the command is appended. */
        CUSTOM
    }

    public Terminal {
        prefix = List.copyOf(prefix);
    }

    public static Terminal of(Kind kind, String program) {
        return new Terminal(kind, program, List.of(), null);
    }

    public String name() {
        switch (kind) {
            case GHOSTTY: return "ghostty";
            case GHOSTTY_NEW_WINDOW: return "ghostty +new-window";
            case GHOSTTY_MACOS: return "ghostty (macOS)";
            case KITTY: return "kitty";
            case KITTY_REMOTE: return "kitty (remote control)";
            case ALACRITTY: return "alacritty";
            case FOOT: return "foot";
            case WEZTERM: return "wezterm";
            case XTERM: return "xterm";
            default: return String.join(" ", prefix);
        }
    }

    /**
     * Whether the process fleet starts is the window's own process (its pid can be killed to close the
     * window). Not so for a window handed to an already running instance, or macOS {@code open}.
     */
    public boolean ownsProcess() {
        return kind != Kind.GHOSTTY_NEW_WINDOW && kind != Kind.GHOSTTY_MACOS && kind != Kind.KITTY_REMOTE;
    }

    /** The argv that opens a window titled {@code title} running {@code command}. No shell is involved. */
    public List<String> argv(String title, List<String> command) {
        List<String> a = new ArrayList<>();
        switch (kind) {
            case GHOSTTY:
                a.add(program);
                a.add("--title=" + title);
                a.add("-e");
                break;
            case GHOSTTY_NEW_WINDOW:
                a.addAll(List.of(program, "+new-window", "--title=" + title, "-e"));
                break;
            case GHOSTTY_MACOS:
                a.addAll(List.of(program, "-na", "Ghostty.app", "--args", "--title=" + title, "-e"));
                break;
            case KITTY:
                a.addAll(List.of(program, "--title", title));
                break;
            case KITTY_REMOTE:
                // TMUX= in the window: the command attaches to tmux, which refuses to nest when TMUX is set
                a.addAll(List.of(program, "@", "--to", remote, "launch", "--type=os-window", "--os-window-title", title,
                        "--title", title, "--env", "TMUX=", "--"));
                break;
            case ALACRITTY:
                a.addAll(List.of(program, "--title", title, "-e"));
                break;
            case FOOT:
                a.addAll(List.of(program, "--title=" + title));
                break;
            case WEZTERM:
                a.addAll(List.of(program, "start", "--always-new-process", "--"));
                break;
            case XTERM:
                a.addAll(List.of(program, "-T", title, "-e"));
                break;
            default:
                a.addAll(prefix);
        }
        a.addAll(command);
        return a;
    }
}
