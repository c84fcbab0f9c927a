package dev.fleet.cli;

import dev.fleet.commands.CommandTable;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The full command tree, with help text: the command table's commands (built from their {@link Spec}s by
 * {@link TableCommands}), then the commands not yet in the table, as annotated picocli classes. The fast
 * path in {@link Main} reads the same table.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, versionProvider = FleetCommand.Version.class,
        description = "Find, watch and focus every running Claude Code agent.",
        footer = {"", "Exit codes: 0 done, 1 no agent matched (or none is waiting), 2 bad command line, 3 the agent's "
                + "tmux session is not shown by any tmux client, 4 a focus layer failed, 5 any other error. "
                + "More: 'fleet COMMAND --help' and README.md."})
public final class FleetCommand implements Callable<Integer> {
    static Map<String, String> env = System.getenv();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The tree: the table's commands first, in its order, then the rest, as {@code fleet --help} lists them. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FleetCommand());
        for (dev.fleet.commands.Command c : CommandTable.all()) cl.addSubcommand(c.spec().name(), TableCommands.build(c, () -> env));
        cl.addSubcommand(new Doctor());
        cl.addSubcommand(new WorkspaceCommand());
        cl.addSubcommand(new DaemonCommand());
        cl.addSubcommand(new LabelCommand.Cli());
        cl.addSubcommand(new DemoCmd());
        cl.addSubcommand(new CompletionCommand());
        cl.addSubcommand(new CommandLine.HelpCommand());
        return cl;
    }

    public static int execute(String[] args, Map<String, String> environment) {
        env = environment;
        CommandLine cl = commandLine();
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
