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

    /** The last value of a value option, or {@code fallback} when it was not given. */
    public String value(String key, String fallback) {
        List<String> v = values(key);
        return v.isEmpty() ? fallback : v.get(v.size() - 1);
    }

    /** The positional words joined with spaces (a query of several words). */
    public String words() {
        return String.join(" ", positionals);
    }
}
