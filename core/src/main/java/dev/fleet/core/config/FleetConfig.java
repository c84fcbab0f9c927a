package dev.fleet.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The user's settings, {@code $XDG_CONFIG_HOME/fleet/config} (else {@code ~/.config/fleet/config}):
 * one {@code key = value} per line, {@code #} starts a comment, keys are dotted lower-case words
 * ({@code daemon.autostart}, {@code notify.waiting}, {@code mark.tmux}). A missing file means every
 * default; a line that is not {@code key = value} is skipped with one warning naming its line, and the
 * rest still applies. Each feature reads its own keys with its own default (documented in the README).
 */
public final class FleetConfig {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");

    private final Path file;
    private final Map<String, String> values;

    private FleetConfig(Path file, Map<String, String> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(values);
    }

    /** No file: every default. */
    public static FleetConfig empty() {
        return new FleetConfig(null, new LinkedHashMap<>());
    }

    /** Where the file is for this environment. */
    public static Path path(Map<String, String> env) {
        String x = env.get("XDG_CONFIG_HOME");
        if (x != null && x.startsWith("/")) return Path.of(x, "fleet", "config");
        String home = env.getOrDefault("HOME", "");
        return Path.of(home.isEmpty() ? "/" : home, ".config", "fleet", "config");
    }

    /** Reads this environment's file; problems go to {@code warn}, one line each. */
    public static FleetConfig load(Map<String, String> env, Consumer<String> warn) {
        return read(path(env), warn);
    }

    public static FleetConfig read(Path file, Consumer<String> warn) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new FleetConfig(file, new LinkedHashMap<>());
        } catch (IOException | RuntimeException e) {
            warn.accept("fleet: cannot read " + file + " (" + e.getMessage() + "); using the defaults");
            return new FleetConfig(file, new LinkedHashMap<>());
        }
        Map<String, String> m = new LinkedHashMap<>();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash).strip();
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (eq < 0 || !KEY.matcher(key).matches()) {
                warn.accept("fleet: " + file + ":" + n + ": not 'key = value', skipped");
                continue;
            }
            m.put(key, line.substring(eq + 1).strip());
        }
        return new FleetConfig(file, m);
    }

    /** The file this was read from (null for {@link #empty()}). */
    public Path file() {
        return file;
    }

    /** The raw value, or {@code dflt} when the key is absent. */
    public String string(String key, String dflt) {
        return values.getOrDefault(key, dflt);
    }

    /**
     * A yes/no setting: {@code on|true|yes|1} or {@code off|false|no|0} (any case); absent → {@code dflt};
     * anything else → {@code dflt} and one warning.
     */
    public boolean bool(String key, boolean dflt, Consumer<String> warn) {
        String v = values.get(key);
        if (v == null) return dflt;
        switch (v.toLowerCase(Locale.ROOT)) {
            case "on": case "true": case "yes": case "1": return true;
            case "off": case "false": case "no": case "0": return false;
            default:
                warn.accept("fleet: " + file + ": " + key + " = " + v + " is not on/off; using " + (dflt ? "on" : "off"));
                return dflt;
        }
    }

    public Map<String, String> values() {
        return values;
    }
}
