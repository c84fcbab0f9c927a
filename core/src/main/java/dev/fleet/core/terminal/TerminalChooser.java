package dev.fleet.core.terminal;

import dev.fleet.core.util.Services;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the terminal for a window among the registered {@link TerminalKind}s, in their order:
 * {@code --terminal} when given (the first kind that recognises the words; a command line of the
 * user's last); else the first kind detected here — Ghostty where installed (macOS: the app bundle;
 * Linux: {@code +new-window} when a single-instance Ghostty runs, else {@code -e}); else kitty (through
 * its socket when {@code KITTY_LISTEN_ON} names one), alacritty, foot, wezterm, xterm on PATH.
 */
public final class TerminalChooser {
    private final TerminalHost host;
    private final List<TerminalKind> kinds;

    public TerminalChooser(TerminalHost host, List<TerminalKind> kinds) {
        this.host = host;
        List<TerminalKind> l = new ArrayList<>(kinds);
        l.sort(Comparator.comparingInt(TerminalKind::order));
        this.kinds = List.copyOf(l);
    }

    public TerminalChooser(Map<String, String> env, String osName, Path procRoot, List<Path> macAppDirs) {
        this(new TerminalHost(env, osName, procRoot, macAppDirs), loaded());
    }

    public static TerminalChooser system(Map<String, String> env) {
        return new TerminalChooser(TerminalHost.system(env), loaded());
    }

    /** The registered terminal kinds (once per JVM). */
    public static List<TerminalKind> loaded() {
        return Services.load(TerminalKind.class);
    }

    /** The names the automatic choice looks for, in order (for "no terminal found (looked for …)"). */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (TerminalKind k : kinds) if (k.automatic()) out.add(k.name());
        return out;
    }

    /**
     * The terminal to use, or empty when none is found.
     *
     * @param override {@code --terminal}: a known name (ghostty, kitty, alacritty, foot, wezterm, xterm)
     *                 or a command line the attach command is appended to (split on spaces, no shell)
     */
    public Optional<Terminal> choose(String override) {
        if (override != null && !override.isBlank()) {
            List<String> words = List.of(override.strip().split("\\s+"));
            for (TerminalKind k : kinds) {
                Optional<Terminal> t = k.named(host, words);
                if (t.isPresent()) return t;
            }
            return Optional.empty();
        }
        for (TerminalKind k : kinds) {
            if (!k.automatic()) continue;
            Optional<Terminal> t = k.detect(host);
            if (t.isPresent()) return t;
        }
        return Optional.empty();
    }
}
