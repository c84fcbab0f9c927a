package dev.fleet.cli;

/** fleet's exit codes: an alias of {@link dev.fleet.core.ExitCodes}, where they are defined and documented. */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = dev.fleet.core.ExitCodes.OK;
    public static final int NO_MATCH = dev.fleet.core.ExitCodes.NO_MATCH;
    public static final int USAGE = dev.fleet.core.ExitCodes.USAGE;
    public static final int NOT_SHOWN = dev.fleet.core.ExitCodes.NOT_SHOWN;
    public static final int FOCUS_FAILED = dev.fleet.core.ExitCodes.FOCUS_FAILED;
    public static final int ERROR = dev.fleet.core.ExitCodes.ERROR;
}
