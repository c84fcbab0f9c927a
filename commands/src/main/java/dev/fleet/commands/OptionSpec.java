package dev.fleet.commands;

import java.util.List;

/**
 * One option of a command: its names ({@code -n}, {@code --dry-run}), the label of its value (null for a
 * flag), its help text, whether it may be given more than once (a value option collects each; one
 * that may not takes picocli's "should be specified only once"), and the values it takes when they are
 * a fixed few (completion offers them; empty: any value, completed as a file name).
 */
public record OptionSpec(List<String> names, String paramLabel, String description, boolean repeatable, List<String> choices) {
    public static OptionSpec flag(String description, String... names) {
        return new OptionSpec(List.of(names), null, description, false, List.of());
    }

    /** A value option that may be repeated ({@code --tmux-socket PATH}, each kept). */
    public static OptionSpec values(String paramLabel, String description, String... names) {
        return new OptionSpec(List.of(names), paramLabel, description, true, List.of());
    }

    /** A value option given at most once ({@code --layout LAYOUT}); its default is the handler's. */
    public static OptionSpec value(String paramLabel, String description, String... names) {
        return new OptionSpec(List.of(names), paramLabel, description, false, List.of());
    }

    /** This option, taking one of {@code values} (for completion; the handler still checks what it is given). */
    public OptionSpec withChoices(String... values) {
        return new OptionSpec(names, paramLabel, description, repeatable, List.of(values));
    }

    public boolean takesValue() {
        return paramLabel != null;
    }

    /** The name its value is kept under: the longest ({@code --dry-run}, not {@code -n}). */
    public String key() {
        String k = names.get(0);
        for (String n : names) if (n.length() > k.length()) k = n;
        return k;
    }
}
