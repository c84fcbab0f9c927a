package dev.fleet.testkit;

import dev.fleet.core.exec.Exec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions for tests that need a real tool. A missing tool skips the test on a developer's
 * machine, but fails it when CI is truthy ({@code -Dfleet.ci}, which the parent pom sets from {@code CI}:
 * 1, true, yes), so CI always runs the whole suite instead of silently skipping it. Every skip goes
 * through here; {@link SuiteGuard} also fails a CI run in which anything was skipped.
 */
public final class Require {
    /** How to get each tool on Debian; shown in the failure so CI logs say what to fix. */
    private static final Map<String, String> INSTALL = Map.ofEntries(
            Map.entry("tmux", "apt-get install tmux"),
            Map.entry("i3", "apt-get install i3-wm"),
            Map.entry("i3-msg", "apt-get install i3-wm"),
            Map.entry("sway", "apt-get install sway"),
            Map.entry("swaymsg", "apt-get install sway"),
            Map.entry("kitty", "apt-get install kitty"),
            Map.entry("foot", "apt-get install foot"),
            Map.entry("Xvfb", "apt-get install xvfb"),
            Map.entry("xdotool", "apt-get install xdotool"),
            Map.entry("xprop", "apt-get install x11-utils"),
            Map.entry("xwininfo", "apt-get install x11-utils"),
            Map.entry("npm", "apt-get install npm"),
            Map.entry("node", "apt-get install nodejs"),
            Map.entry("dbus-daemon", "apt-get install dbus-daemon"),
            Map.entry("dbus-monitor", "apt-get install dbus-bin"),
            Map.entry("dbus-send", "apt-get install dbus-bin"),
            Map.entry("dbus-launch", "apt-get install dbus-x11"),
            Map.entry("dunst", "apt-get install dunst"),
            Map.entry("dunstctl", "apt-get install dunst"));

    private Require() {}

    /**
     * True when this run is CI, where a missing tool is an error rather than a skip: {@code fleet.ci}
     * (the parent pom copies {@code CI} into it) or else {@code CI} itself is truthy.
     */
    public static boolean ci() {
        return dev.fleet.testguard.Ci.ci();
    }

    static boolean truthy(String v) {
        return dev.fleet.testguard.Ci.truthy(v);
    }

    /** Returns the tool's path on PATH; skips (or, in CI, fails) the test when it is missing. */
    public static Path tool(String name) {
        Path p = Exec.which(name);
        if (p == null) {
            missing(name + " is not on PATH (" + installHint(name) + ")");
        }
        return p;
    }

    /** How to install {@code tool}, for the message. */
    static String installHint(String tool) {
        return INSTALL.getOrDefault(tool, "install " + tool + " and put it on PATH");
    }

    /** Several tools at once. */
    public static void tools(String... names) {
        for (String n : names) tool(n);
    }

    /**
     * The pinned Claude Code CLI, installed on first use (see {@link ClaudeCode#binary()}); skips
     * (or fails in CI) when it cannot be had.
     */
    public static Path claudeCode() {
        try {
            return ClaudeCode.binary();
        } catch (ClaudeCode.UnavailableException e) {
            missing(e.getMessage());
            return null; // unreachable
        }
    }

    /**
     * A real browser: Debian's Chromium and npm's playwright-core (pinned, in the test cache, see {@link Browser});
     * skips (or fails in CI) when either is missing.
     */
    public static void browser() {
        String why = Browser.missing();
        if (why != null) missing(why);
    }

    /** Skips (or fails in CI) unless {@code condition} holds: the one way a test is skipped. */
    public static void that(boolean condition, String reason) {
        if (!condition) missing(reason);
    }

    /** Skips, or fails in CI, with {@code reason}. */
    public static void missing(String reason) {
        if (ci()) throw new AssertionError("CI requires it: " + reason);
        Assumptions.abort(reason);
    }
}
