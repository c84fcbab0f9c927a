package dev.fleet.commands;

import java.io.PrintStream;

/** Where fleet talks to the user: results on stdout, warnings and notes as one-liners on stderr. */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean verbose;

    public Console(PrintStream out, PrintStream err, boolean verbose) {
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    public static Console system(boolean verbose) {
        return new Console(System.out, System.err, verbose);
    }

    public PrintStream out() {
        return out;
    }

    /** Raw stderr, for relaying what the daemon's handler printed there (its lines carry their own "fleet: "). */
    public PrintStream err() {
        return err;
    }

    public void warn(String line) {
        err.println("fleet: warning: " + line);
    }

    public void error(String line) {
        err.println("fleet: " + line);
    }

    public void note(String line) {
        err.println("fleet: " + line);
    }

    public void verbose(String line) {
        if (verbose) err.println("fleet: " + line);
    }

    public boolean isVerbose() {
        return verbose;
    }
}
