package dev.fleet.core.doctor;

/**
 * One line of {@code fleet doctor}: what was checked, what was seen, and — when something is missing
 * or broken — what to do about it.
 */
public record Finding(String layer, Status status, String what, String fix) {
    public enum Status { OK, WARN, MISSING }

    public static Finding ok(String layer, String what) {
        return new Finding(layer, Status.OK, what, null);
    }

    public static Finding warn(String layer, String what, String fix) {
        return new Finding(layer, Status.WARN, what, fix);
    }

    public static Finding missing(String layer, String what, String fix) {
        return new Finding(layer, Status.MISSING, what, fix);
    }
}
