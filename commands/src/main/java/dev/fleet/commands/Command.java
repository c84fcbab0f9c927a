package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import java.util.List;

/**
 * One entry of the command table ({@link CommandTable}), in the manner of tmux's cmd-*.c: its
 * {@link Spec} and its handlers. Handlers know nothing of picocli: they take the parsed arguments,
 * the {@link Settings} of the invocation and the {@link Console} to print on. A command is registered
 * as a service ({@code META-INF/services/dev.fleet.commands.Command}) by the module whose capability it
 * is; a subcommand ({@code daemon status}) is listed by its parent's {@link #subcommands()}.
 */
public interface Command {
    Spec spec();

    /**
     * The direct path: the command run in the caller's JVM. Returns the exit code. A command with
     * subcommands is not run itself: given none, its usage is printed and it exits 2.
     */
    default int run(Args args, Settings settings, Console console) {
        return ExitCodes.USAGE;
    }

    /** Its subcommands, in the order its help lists them; none for a plain command. */
    default List<Command> subcommands() {
        return List.of();
    }

    /**
     * The daemon's path, for a command the daemon serves ({@link Spec#servedOp()}): run on the daemon's
     * picture with the caller's arguments and environment, printing what the direct path would print.
     *
     * @param tty whether the caller's stdout is a terminal (colour is decided for it, not for the daemon)
     */
    default int serve(Args args, Settings settings, Console console, List<Agent> picture, boolean tty) {
        return run(args, settings, console);
    }

    /** What most subcommands are: a handler. An I/O failure is reported as any error ("fleet: <its message>"). */
    @FunctionalInterface
    interface Handler {
        int run(Args args, Settings settings, Console console) throws java.io.IOException;
    }

    /** A command that is its spec and its handler ({@code daemon stop}, {@code workspace close}): one expression. */
    static Command of(Spec spec, Handler handler) {
        return new Command() {
            @Override
            public Spec spec() {
                return spec;
            }

            @Override
            public int run(Args args, Settings settings, Console console) {
                try {
                    return handler.run(args, settings, console);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e.getMessage(), e);
                }
            }
        };
    }
}
