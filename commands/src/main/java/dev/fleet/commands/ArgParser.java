package dev.fleet.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader of a command line against a command's {@link Spec}, picocli-free (the hotkey path and
 * the daemon use it). It takes only the plain forms: known options by their exact names,
 * {@code --name=value} for value options, the positional words within their count, and {@code --} before words
 * that start with '-'. Anything else —
 * help, a typo, a missing value, bundled short flags, a once-only option given twice — is "not mine" (null), and picocli then gives the
 * message and exit 2.
 */
public final class ArgParser {
    private ArgParser() {}

    /** @return the parsed arguments from {@code args[from]} on, or null for a form left to picocli */
    public static Args parse(Spec spec, String[] args, int from) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        boolean onlyWords = false;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (onlyWords) {
                words.add(a);
                continue;
            }
            if (a.equals("--") && !spec.positionals().isEmpty()) {
                onlyWords = true; // as picocli: what follows is words even when it starts with '-' (send's text)
                continue;
            }
            OptionSpec o = spec.option(a);
            if (o != null) {
                if (!o.takesValue()) {
                    values.put(o.key(), List.of());
                    continue;
                }
                if (i + 1 >= args.length || (!o.repeatable() && values.containsKey(o.key()))) return null;
                values.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(args[++i]);
                continue;
            }
            int eq = a.indexOf('=');
            OptionSpec withValue = a.startsWith("--") && eq > 0 ? spec.option(a.substring(0, eq)) : null;
            if (withValue != null && withValue.takesValue()) {
                if (!withValue.repeatable() && values.containsKey(withValue.key())) return null;
                values.computeIfAbsent(withValue.key(), k -> new ArrayList<>()).add(a.substring(eq + 1));
            } else if (a.startsWith("-")) {
                return null;
            } else {
                words.add(a);
            }
        }
        int min = 0, max = 0;
        for (PositionalSpec p : spec.positionals()) {
            min += p.min();
            max = max < 0 || p.max() < 0 ? -1 : max + p.max();
        }
        if (words.size() < min || (max >= 0 && words.size() > max)) return null;
        for (Map.Entry<String, List<String>> e : values.entrySet()) e.setValue(List.copyOf(e.getValue()));
        return new Args(Map.copyOf(values), List.copyOf(words));
    }
}
