package dev.fleet.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code $XDG_CONFIG_HOME/fleet/hosts} (beside the settings file): one ssh destination per line, optionally
 * followed by the command that runs fleet there (words split on blanks, no quoting; default {@code fleet}
 * on the remote PATH). {@code #} starts a comment. A malformed line is skipped with one warning naming it.
 */
public final class HostsFile {
    /** One host: its ssh destination and the argv that starts fleet on it. */
    public record Entry(String destination, List<String> fleet) {
        public Entry {
            fleet = List.copyOf(fleet);
        }

        public static Entry of(String destination) {
            return new Entry(destination, List.of("fleet"));
        }
    }

    private HostsFile() {}

    public static Path path(Map<String, String> env) {
        return dev.fleet.commands.RemoteAgents.hostsFile(env);
    }

    /** The hosts of {@code env}'s hosts file; none when it is missing. */
    public static List<Entry> load(Map<String, String> env, Consumer<String> warn) {
        return read(path(env), warn);
    }

    public static List<Entry> read(Path file, Consumer<String> warn) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | java.io.UncheckedIOException e) {
            warn.accept("cannot read " + file + ": " + e.getMessage() + "; no remote hosts");
            return List.of();
        }
        return parse(text, file.toString(), warn);
    }

    static List<Entry> parse(String text, String where, Consumer<String> warn) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.strip();
            if (line.isEmpty()) continue;
            List<String> words = Arrays.asList(line.split("[ \t]+"));
            String why = HostName.problem(words.get(0));
            if (why == null) why = commandProblem(words.subList(1, words.size()));
            if (why != null) {
                warn.accept(where + ":" + (n + 1) + ": " + why + "; line skipped");
                continue;
            }
            if (out.stream().anyMatch(e -> e.destination().equals(words.get(0)))) {
                warn.accept(where + ":" + (n + 1) + ": " + words.get(0) + " is listed twice; line skipped");
                continue;
            }
            out.add(words.size() == 1 ? Entry.of(words.get(0)) : new Entry(words.get(0), words.subList(1, words.size())));
        }
        return out;
    }

    private static String commandProblem(List<String> words) {
        for (String w : words) {
            for (int i = 0; i < w.length(); i++) {
                if (Character.isISOControl(w.charAt(i))) return "a control character in the fleet command";
            }
        }
        return null;
    }
}
