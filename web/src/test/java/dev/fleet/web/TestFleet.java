package dev.fleet.web;

import dev.fleet.commands.ArgParser;
import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;

/**
 * A command of the table run by name in a JVM of its own — {@code daemon run}, {@code web} — as the cli runs
 * it, without the cli (which depends on this module): the tests' stand-in for the {@code fleet} launcher.
 */
public final class TestFleet {
    private TestFleet() {}

    public static void main(String[] args) {
        Command c = CommandTable.find(args[0]);
        int from = 1;
        if (!c.subcommands().isEmpty()) {
            String sub = args[1];
            c = c.subcommands().stream().filter(s -> s.spec().name().equals(sub)).findFirst().orElseThrow();
            from = 2;
        }
        int rc = c.run(ArgParser.parse(c.spec(), args, from), Settings.fromEnv(System.getenv()), Console.system(false));
        System.exit(rc);
    }
}
