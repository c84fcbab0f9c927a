package dev.fleet.commands;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where fleet reads and writes, from the environment: the Claude config dir, /proc, and fleet's own
 * XDG directories. Tests and benchmarks point these elsewhere through the same variables.
 */
public record Settings(Map<String, String> env, Path configDir, Path procRoot, Path home) {

    public static Settings fromEnv(Map<String, String> env) {
        Path home = Path.of(nonEmpty(env.get("HOME"), System.getProperty("user.home")));
        String cfg = env.get("CLAUDE_CONFIG_DIR");
        Path configDir = cfg != null && !cfg.isEmpty() ? Path.of(cfg) : home.resolve(".claude");
        // FLEET_PROC_ROOT exists for benchmarks and tests over a fake /proc.
        Path proc = Path.of(nonEmpty(env.get("FLEET_PROC_ROOT"), "/proc"));
        return new Settings(env, configDir, proc, home);
    }

    public Settings withConfigDir(Path dir) {
        return new Settings(env, dir, procRoot, home);
    }

    /** {@code $XDG_STATE_HOME/fleet}, default {@code ~/.local/state/fleet}. */
    public Path stateDir() {
        return xdg("XDG_STATE_HOME", ".local/state").resolve("fleet");
    }

    /** {@code $XDG_CACHE_HOME/fleet}, default {@code ~/.cache/fleet}. */
    public Path cacheDir() {
        return xdg("XDG_CACHE_HOME", ".cache").resolve("fleet");
    }

    private Path xdg(String var, String fallback) {
        String v = env.get(var);
        return v != null && v.startsWith("/") ? Path.of(v) : home.resolve(fallback);
    }

    private static String nonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : b;
    }
}
