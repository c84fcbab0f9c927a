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
 * table's parser and handler; everything else, and every form the parser leaves (help, typos), goes to
 * the picocli command tree.
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
            // the completion scripts' hook for live agent names (not a command of the tree: not in --help)
            if (args.length == 2 && args[0].equals("__complete") && args[1].equals("agents")) return AgentNames.print(env, System.out);
            Command cmd = args.length > 0 ? CommandTable.find(args[0]) : null;
            if (cmd != null && !cmd.spec().lane().isEmpty()) {
                // the daemon, when one answers; else the direct path below, with the same output
                int r = FastDaemonPath.run(cmd.spec(), args, env, Settings.fromEnv(env).configDir(), System.out, System.err);
                if (r != FastDaemonPath.NOT_HANDLED) return r;
            }
            Args a = cmd == null ? null : ArgParser.parse(cmd.spec(), args, 1);
            if (a != null) return cmd.run(a, Settings.fromEnv(env), Console.system(a.flag("--verbose")));
            return FleetCommand.execute(args, env);
        } catch (dev.fleet.cli.fast.DaemonLink.NotServed e) {
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
