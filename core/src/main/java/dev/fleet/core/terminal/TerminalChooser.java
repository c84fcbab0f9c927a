package dev.fleet.ghostty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the terminal for the workspace window: {@code --terminal} when given; else Ghostty where
 * installed (macOS: the app bundle; Linux: {@code +new-window} when a single-instance Ghostty runs, else
 * {@code -e}); else the first of kitty (through its socket when {@code KITTY_LISTEN_ON} names one),
 * alacritty, foot, wezterm, xterm on PATH.
 */
public final class TerminalChooser {
    /** Linux order after Ghostty. */
    public static final List<String> FALLBACKS = List.of("kitty", "alacritty", "foot", "wezterm", "xterm");

    private final Map<String, String> env;
    private final String osName;
    private final Path procRoot;
    private final List<Path> macAppDirs;

    public TerminalChooser(Map<String, String> env, String osName, Path procRoot, List<Path> macAppDirs) {
        this.env = env;
        this.osName = osName;
        this.procRoot = procRoot;
        this.macAppDirs = macAppDirs;
    }

    public static TerminalChooser system(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new TerminalChooser(env, System.getProperty("os.name", ""), Path.of("/proc"),
                List.of(Path.of("/Applications"), Path.of(home, "Applications")));
    }

    boolean macOs() {
        return osName.toLowerCase(Locale.ROOT).startsWith("mac");
    }

    /**
     * The terminal to use, or empty when none is found.
     *
     * @param override {@code --terminal}: a known name (ghostty, kitty, alacritty, foot, wezterm, xterm)
     *                 or a command line the attach command is appended to (split on spaces, no shell)
     */
    public Optional<Terminal> choose(String override) {
        if (override != null && !override.isBlank()) return Optional.of(fromOverride(override.strip()));
        if (macOs()) {
            for (Path d : macAppDirs) {
                if (Files.isDirectory(d.resolve("Ghostty.app"))) return Optional.of(Terminal.of(Terminal.Kind.GHOSTTY_MACOS, "open"));
            }
        } else {
            Path g = which("ghostty");
            if (g != null) {
                return Optional.of(Terminal.of(singleInstanceGhosttyRunning() ? Terminal.Kind.GHOSTTY_NEW_WINDOW
                        : Terminal.Kind.GHOSTTY, g.toString()));
            }
        }
        for (String name : FALLBACKS) {
            Path p = which(name);
            if (p != null) return Optional.of(known(name, p.toString()));
        }
        return Optional.empty();
    }

    private Terminal fromOverride(String override) {
        List<String> words = List.of(override.split("\\s+"));
        if (words.size() == 1) {
            String name = Path.of(words.get(0)).getFileName().toString();
            if (name.equals("ghostty") || FALLBACKS.contains(name)) {
                Path p = words.get(0).contains("/") ? Path.of(words.get(0)) : which(name);
                return known(name, p == null ? words.get(0) : p.toString());
            }
        }
        return new Terminal(Terminal.Kind.CUSTOM, words.get(0), words, null);
    }

    private Terminal known(String name, String program) {
        switch (name) {
            case "ghostty":
                if (macOs()) return Terminal.of(Terminal.Kind.GHOSTTY_MACOS, "open");
                return Terminal.of(singleInstanceGhosttyRunning() ? Terminal.Kind.GHOSTTY_NEW_WINDOW : Terminal.Kind.GHOSTTY, program);
            case "kitty": {
                String listen = env.get("KITTY_LISTEN_ON");
                String addr = listen != null && listen.startsWith("unix:") ? listen.substring(5) : null;
                if (addr != null && !addr.isEmpty() && (addr.startsWith("@") || Files.exists(Path.of(addr)))) {
                    return new Terminal(Terminal.Kind.KITTY_REMOTE, program, List.of(), listen);
                }
                return Terminal.of(Terminal.Kind.KITTY, program);
            }
            case "alacritty": return Terminal.of(Terminal.Kind.ALACRITTY, program);
            case "foot": return Terminal.of(Terminal.Kind.FOOT, program);
            case "wezterm": return Terminal.of(Terminal.Kind.WEZTERM, program);
            default: return Terminal.of(Terminal.Kind.XTERM, program);
        }
    }

    /**
     * A Ghostty of ours that runs as a single GTK instance ({@code --gtk-single-instance=true}, as its
     * desktop file starts it): a new window must be asked of it with {@code +new-window}.
     */
    boolean singleInstanceGhosttyRunning() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(procRoot)) {
            for (Path p : ds) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) continue;
                try {
                    String comm = Files.readString(p.resolve("comm"), StandardCharsets.UTF_8).strip();
                    if (!comm.equals("ghostty")) continue;
                    List<String> args = cmdline(p);
                    if (args.contains("--gtk-single-instance=true")) return true;
                } catch (IOException | RuntimeException e) {
                    // gone or not ours
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static List<String> cmdline(Path proc) throws IOException {
        byte[] b = Files.readAllBytes(proc.resolve("cmdline"));
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    /** {@code name} on the PATH of the environment fleet was given. */
    Path which(String name) {
        String path = env.get("PATH");
        if (path == null) return null;
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p;
        }
        return null;
    }
}
