package dev.fleet.workspace;

/**
 * Where the workspace, the attach window and the demo talk to the user: results on stdout, the rest
 * as one-liners on stderr (the command line's console says how they look).
 */
public interface Reporter {
    /** A line of the result, on stdout. */
    void out(String line);

    void note(String line);

    void warn(String line);

    void error(String line);

    /** Said only with {@code --verbose}. */
    void verbose(String line);
}
