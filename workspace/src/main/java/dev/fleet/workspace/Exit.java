package dev.fleet.workspace;

/** How a workspace, attach or demo action ended; the command line maps it to its exit code. */
public enum Exit {
    OK,
    NO_MATCH,
    USAGE,
    NOT_SHOWN,
    ERROR
}
