package dev.fleet.commands;

import java.util.List;
import java.util.Map;

/** A command line read against a {@link Spec}: option values by {@link OptionSpec#key()}, and the positional words. */
public record Args(Map<String, List<String>> options, List<String> positionals) {
    public static Args none() {
        return new Args(Map.of(), List.of());
    }

    public boolean flag(String key) {
        return options.containsKey(key);
    }

    public List<String> values(String key) {
        return options.getOrDefault(key, List.of());
    }

    /** The positional words joined with spaces (a query of several words). */
    public String words() {
        return String.join(" ", positionals);
    }
}
