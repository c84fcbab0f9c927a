package dev.fleet.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The full command tree, with help text; the fast path in {@link Main} shares its implementations. */
@Command(name = "fleet", mixinStandardHelpOptions = true, versionProvider = FleetCommand.Version.class,
        description = "Find, watch and focus every running Claude Code agent.",
        subcommands = {FleetCommand.Ls.class, FleetCommand.Switch.class, FleetCommand.Next.class, FleetCommand.Doctor.class, WorkspaceCommand.class, DaemonCommand.class, LabelCommand.Cli.class, FleetCommand.DemoCmd.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 no agent matched (or none is waiting), 2 bad command line, 3 the agent's "
                + "tmux session is not shown by any tmux client, 4 a focus layer failed, 5 any other error. "
                + "More: 'fleet COMMAND --help' and README.md."})
public final class FleetCommand implements Callable<Integer> {
    static Map<String, String> env = System.getenv();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int execute(String[] args, Map<String, String> environment) {
        env = environment;
        CommandLine cl = new CommandLine(new FleetCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (java.util.Arrays.asList(args).contains("--debug")) ex.printStackTrace();
            String m = ex.getMessage();
            cmd.getErr().println("fleet: " + (m == null ? ex.getClass().getSimpleName() : m.lines().findFirst().orElse("")));
            return ExitCodes.ERROR;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("fleet: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = FleetCommand.class.getPackage().getImplementationVersion();
            return new String[] {"fleet " + (v == null ? "dev" : v)};
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"List every live agent: its state, since when, and where it lives.",
                    "Waiting agents come first, longest waiting first; then busy, then idle."})
    static final class Ls implements Callable<Integer> {
        @Option(names = "--json", description = "One JSON object per agent, stable snake_case fields.")
        boolean json;

        @Option(names = {"-a", "--all"}, description = "Also show stale session files (dead agents).")
        boolean all;

        @Option(names = "--tmux-socket", paramLabel = "PATH",
                description = "Also look at this tmux server socket (repeatable).")
        List<String> sockets = new ArrayList<>();

        @Option(names = {"-v", "--verbose"}, description = "Say what was looked at and skipped.")
        boolean verbose;

        @Option(names = "--debug", description = "Stack traces on errors.")
        boolean debug;

        @Override
        public Integer call() {
            LsOptions o = new LsOptions(json, all, List.copyOf(sockets), verbose, debug);
            return ListCommand.run(Settings.fromEnv(env), Console.system(verbose), o);
        }
    }

    /** Options shared by switch and next. */
    static class FocusOptions {
        @Option(names = {"-n", "--dry-run"}, description = "Print the chosen agent and every focus step; change nothing.")
        boolean dryRun;

        @Option(names = "--json", description = "Report the agent and the plan as JSON.")
        boolean json;

        @Option(names = {"-v", "--verbose"}, description = "Report each step and its result.")
        boolean verbose;

        @Option(names = "--attach", description = "When no tmux client shows the agent, open a terminal attached to it.")
        boolean attach;

        @Option(names = "--tmux-socket", paramLabel = "PATH", description = "Also look at this tmux server socket (repeatable).")
        List<String> sockets = new ArrayList<>();

        @Option(names = "--debug", description = "Stack traces on errors.")
        boolean debug;

        SwitchOptions toOptions(String query) {
            return new SwitchOptions(query, dryRun, json, verbose, attach, List.copyOf(sockets), debug);
        }
    }

    @Command(name = "switch", mixinStandardHelpOptions = true,
            description = {"Put the agent matching QUERY in front.",
                    "Focus goes from the outside in: the i3/sway workspace, the kitty window and tab, then the tmux "
                            + "session, window and pane.",
                    "QUERY matches the label, name, goal, folder, git branch, session id prefix, pid, tmux session "
                            + "or pane id. Exact beats prefix beats word prefix beats substring beats subsequence; "
                            + "ties go to the agent that has waited longest."})
    static final class Switch extends FocusOptions implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "QUERY", description = "What to match (words are joined with spaces).")
        List<String> query;

        @Override
        public Integer call() {
            return SwitchCommand.run(Settings.fromEnv(env), Console.system(verbose), toOptions(String.join(" ", query)), false);
        }
    }

    @Command(name = "next", mixinStandardHelpOptions = true,
            description = {"Put the agent that has waited longest for you in front.", "Exits 1 when no agent is waiting."})
    static final class Next extends FocusOptions implements Callable<Integer> {
        @Override
        public Integer call() {
            return SwitchCommand.run(Settings.fromEnv(env), Console.system(verbose), toOptions(""), true);
        }
    }

    @Command(name = "doctor", mixinStandardHelpOptions = true,
            description = {"Show what fleet can see and reach here, layer by layer.",
                    "It checks the Claude config dir and its agents, tmux servers, kitty sockets, i3/sway and the "
                            + "X display, and says what to do about each gap. Exits 5 when a layer is missing."})
    static final class Doctor implements Callable<Integer> {
        @Option(names = "--tmux-socket", paramLabel = "PATH", description = "Also look at this tmux server socket (repeatable).")
        List<String> sockets = new ArrayList<>();

        @Override
        public Integer call() {
            return DoctorCommand.run(Settings.fromEnv(env), Console.system(false), List.copyOf(sockets));
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = {"Start four stand-in agents on a private tmux server; list them.",
                    "Nothing real is touched. 'fleet demo stop' removes it all."})
    static final class DemoCmd implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "start|stop", description = "start (the default) or stop.")
        String action = "start";

        @Override
        public Integer call() throws IOException {
            Demo d = new Demo(Settings.fromEnv(env), Console.system(false));
            switch (action) {
                case "start": return d.start();
                case "stop": return d.stop();
                default:
                    System.err.println("fleet: demo takes 'start' or 'stop', not '" + action + "'");
                    return ExitCodes.USAGE;
            }
        }
    }
}
