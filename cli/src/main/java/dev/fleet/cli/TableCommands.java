package dev.fleet.cli;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.OptionSpec;
import dev.fleet.commands.PositionalSpec;
import dev.fleet.commands.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * A table command as a picocli subcommand, built from its {@link dev.fleet.commands.Spec}: the same
 * options, help text and synopsis the annotated classes had. picocli parses what the fast reader left
 * to it (help, typos get their message and exit 2); a valid line runs the table's handler.
 */
final class TableCommands {
    private TableCommands() {}

    static CommandLine build(Command c, Supplier<Map<String, String>> env) {
        Runner runner = new Runner(c, env);
        CommandSpec cs = CommandSpec.wrapWithoutInspection(runner);
        runner.spec = cs;
        cs.name(c.spec().name());
        cs.mixinStandardHelpOptions(true);
        cs.usageMessage().description(c.spec().description().toArray(new String[0]));
        for (OptionSpec o : c.spec().options()) {
            CommandLine.Model.OptionSpec.Builder b = CommandLine.Model.OptionSpec.builder(o.names().toArray(new String[0]))
                    .description(o.description());
            if (o.takesValue()) b.paramLabel(o.paramLabel()).type(List.class).auxiliaryTypes(String.class);
            else b.type(boolean.class);
            cs.addOption(b.build());
        }
        for (PositionalSpec p : c.spec().positionals()) {
            cs.addPositional(PositionalParamSpec.builder().paramLabel(p.label()).description(p.description()).arity(p.arity()).required(p.min() > 0)
                    .type(List.class).auxiliaryTypes(String.class).build());
        }
        return new CommandLine(cs);
    }

    /** Runs the handler with what picocli parsed, as {@link dev.fleet.commands.ArgParser} would have given it. */
    private static final class Runner implements Callable<Integer> {
        private final Command command;
        private final Supplier<Map<String, String>> env;
        CommandSpec spec;

        Runner(Command command, Supplier<Map<String, String>> env) {
            this.command = command;
            this.env = env;
        }

        @Override
        public Integer call() {
            ParseResult pr = spec.commandLine().getParseResult();
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (OptionSpec o : command.spec().options()) {
                if (!pr.hasMatchedOption(o.key())) continue;
                values.put(o.key(), o.takesValue() ? List.copyOf(pr.<List<String>>matchedOptionValue(o.key(), List.of())) : List.of());
            }
            List<String> words = pr.hasMatchedPositional(0) ? List.copyOf(pr.<List<String>>matchedPositionalValue(0, List.of())) : List.of();
            Args a = new Args(Map.copyOf(values), words);
            return command.run(a, Settings.fromEnv(env.get()), Console.system(a.flag("--verbose")));
        }
    }
}
