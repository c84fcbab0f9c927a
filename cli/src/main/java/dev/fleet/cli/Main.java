package dev.fleet.cli;

import java.util.Map;

/**
 * fleet's entry point. The commands a hotkey runs take a path that loads neither picocli nor
 * jackson-databind (together 250–400 ms of class loading); everything else, and every form the fast
 * readers do not recognise (help, typos), goes to the picocli command tree.
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
            if (args.length > 0 && (args[0].equals("ls") || args[0].equals("switch") || args[0].equals("next"))) {
                // the daemon, when one answers; else the direct path below, with the same output
                int r = dev.fleet.cli.fast.FastDaemonPath.run(args, env, Settings.fromEnv(env).configDir(), System.out, System.err);
                if (r != dev.fleet.cli.fast.FastDaemonPath.NOT_HANDLED) return r;
            }
            if (args.length > 0 && args[0].equals("ls")) {
                LsOptions o = LsOptions.parse(args, 1);
                if (o != null) return ListCommand.run(Settings.fromEnv(env), Console.system(o.verbose()), o);
            }
            if (args.length > 0 && (args[0].equals("switch") || args[0].equals("next"))) {
                boolean next = args[0].equals("next");
                SwitchOptions o = SwitchOptions.parse(args, 1, !next);
                if (o != null) return SwitchCommand.run(Settings.fromEnv(env), Console.system(o.verbose()), o, next);
            }
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
