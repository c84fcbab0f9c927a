package dev.fleet.testguard;

import java.util.Locale;

/** Whether this is a CI run: there a missing tool or a skipped test is a failure, not a skip. */
public final class Ci {
    private Ci() {}

    /** {@code fleet.ci} (set by the parent pom from {@code $CI}), else {@code $CI}, is truthy. */
    public static boolean ci() {
        String p = System.getProperty("fleet.ci");
        return truthy(p == null || p.startsWith("${") ? System.getenv("CI") : p);
    }

    /** {@code 1}, {@code true}, {@code yes}, {@code on} or {@code y} in any case; anything else (empty, 0, false) is not. */
    public static boolean truthy(String v) {
        if (v == null) return false;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on", "y" -> true;
            default -> false;
        };
    }

    /** Sleeps; an interrupt fails the calling test. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
