package dev.fleet.core.terminal;

import dev.fleet.core.exec.Exec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a {@link TerminalKind} may look at to decide whether it is here: fleet's environment (its PATH,
 * KITTY_LISTEN_ON…), the OS name, /proc (a running instance) and the macOS application folders.
 */
public record TerminalHost(Map<String, String> env, String osName, Path procRoot, List<Path> macAppDirs) {

    public static TerminalHost system(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new TerminalHost(env, System.getProperty("os.name", ""), Path.of("/proc"),
                List.of(Path.of("/Applications"), Path.of(home, "Applications")));
    }

    public boolean macOs() {
        return osName.toLowerCase(Locale.ROOT).startsWith("mac");
    }

    /** {@code name} on the PATH of the environment fleet was given. */
    public Path which(String name) {
        return Exec.which(name, env.get("PATH"));
    }

    /** Whether a process called {@code comm} whose argv passes {@code args} runs here. */
    public boolean running(String comm, Predicate<List<String>> args) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(procRoot)) {
            for (Path p : ds) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) continue;
                try {
                    if (!Files.readString(p.resolve("comm"), StandardCharsets.UTF_8).strip().equals(comm)) continue;
                    if (args.test(cmdline(p))) return true;
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
}
