package dev.fleet.cli;

import dev.fleet.cli.fast.FastDaemonPath;
import dev.fleet.commands.ArgParser;
import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import java.util.Map;

/**
 * fleet's entry point. The command table's commands take a path that loads neither picocli nor
 * jackson-databind (together 250–400 ms of class loading): the daemon for the forms it serves, else the
 * table's parser and handler; every other command, and every form the parser leaves (help, typos), goes
 * to the picocli command tree, which the same table builds.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.getenv());
        System.out.flush();
        System.exit(code);
    }

    public static int run(String[] args, Map<String, String> env) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        try {
            Command cmd = args.length > 0 ? CommandTable.find(args[0]) : null;
            AutoStart.maybe(cmd, args, env); // no daemon: one starts in the background; this command runs directly
            if (cmd != null && !cmd.spec().lane().isEmpty()) {
                // the daemon, when one answers; else the direct path below, with the same output
                int r = FastDaemonPath.run(cmd.spec(), args, env, Settings.fromEnv(env).configDir(), System.out, System.err);
                if (r != FastDaemonPath.NOT_HANDLED) return r;
            }
            // the hotkey commands and the hidden hooks skip picocli when the table's parser reads their line;
            // the others keep picocli's reporting of errors
            boolean direct = cmd != null && (!cmd.spec().lane().isEmpty() || cmd.spec().hidden());
            Args a = direct ? ArgParser.parse(cmd.spec(), args, 1) : null;
            if (a != null) return cmd.run(a, Settings.fromEnv(env), Console.system(a.flag("--verbose")));
            return FleetCommand.execute(args, env);
        } catch (dev.fleet.commands.DaemonLink.NotServed e) {
            System.err.println("fleet: " + e.getMessage()); // FLEET_DAEMON_REQUIRED=1: one line, no hint
            return ExitCodes.ERROR;
        } catch (RuntimeException | Error e) {
            if (debug) e.printStackTrace();
            String m = e.getMessage();
            System.err.println("fleet: " + (m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(""))
                    + (debug ? "" : " (run with --debug for details)"));
            return ExitCodes.ERROR;
        }
    }
}
