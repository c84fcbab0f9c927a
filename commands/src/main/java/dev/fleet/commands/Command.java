package dev.fleet.commands;

import dev.fleet.core.claude.Agent;
import java.util.List;

/**
 * One entry of the command table ({@link CommandTable}), in the manner of tmux's cmd-*.c: its
 * {@link Spec} and its handlers. Handlers know nothing of picocli: they take the parsed arguments,
 * the {@link Settings} of the invocation and the {@link Console} to print on.
 */
public interface Command {
    Spec spec();

    /** The direct path: the command run in the caller's JVM. Returns the exit code. */
    int run(Args args, Settings settings, Console console);

    /**
     * The daemon's path, for a command the daemon serves ({@link Spec#servedOp()}): run on the daemon's
     * picture with the caller's arguments and environment, printing what the direct path would print.
     *
     * @param tty whether the caller's stdout is a terminal (colour is decided for it, not for the daemon)
     */
    default int serve(Args args, Settings settings, Console console, List<Agent> picture, boolean tty) {
        return run(args, settings, console);
    }
}
