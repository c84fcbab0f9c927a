package dev.fleet.commands;

/** Compact durations for the STATE column: {@code 12s}, {@code 3m}, {@code 2h}, {@code 4d}. */
public final class Ages {
    private Ages() {}

    public static String format(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 60) return s + "s";
        long m = s / 60;
        if (m < 60) return m + "m";
        long h = m / 60;
        if (h < 48) return h + "h";
        return (h / 24) + "d";
    }
}
