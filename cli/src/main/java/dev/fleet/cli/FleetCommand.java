package dev.fleet.cli;

import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import dev.fleet.commands.Spec;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The root of the command tree: its name, version, footer and help. Every command under it is the
 * command table's (built from its {@link Spec} by {@link TableCommands}), in the table's order, then
 * picocli's {@code help}. The fast path in {@link Main} reads the same table.
 */
@CommandLine.Command(name = "fleet", mixinStandardHelpOptions = true, versionProvider = FleetCommand.Version.class,
        description = "Find, watch and focus every running Claude Code agent.",
        footer = {"", "Exit codes: 0 done, 1 no agent matched (or none is waiting), 2 bad command line, 3 the agent's "
                + "tmux session is not shown by any tmux client, 4 a focus layer failed, 5 any other error. "
                + "More: 'fleet COMMAND --help' and README.md."})
public final class FleetCommand implements Callable<Integer> {
    static Map<String, String> env = System.getenv();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The tree: the table's commands in its order (hidden hooks left out), then help, as {@code fleet --help} lists them. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FleetCommand());
        for (Command c : CommandTable.all()) if (!c.spec().hidden()) cl.addSubcommand(c.spec().name(), TableCommands.build(c, () -> env));
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
}
