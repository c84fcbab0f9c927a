package dev.fleet.cli;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.OptionSpec;
import dev.fleet.commands.PositionalSpec;
import dev.fleet.commands.Settings;
import java.util.ArrayList;
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
 * A table command as a picocli subcommand, built from its {@link dev.fleet.commands.Spec} (and its
 * subcommands', recursively): options, help text and synopsis. picocli parses what the fast reader left
 * to it (help, typos get their message and exit 2); a valid line runs the table's handler; a command
 * with subcommands given none prints its usage and exits 2.
 */
final class TableCommands {
    private TableCommands() {}

    static CommandLine build(Command c, Supplier<Map<String, String>> env) {
        Runner runner = new Runner(c, env);
        CommandSpec cs = CommandSpec.wrapWithoutInspection(runner);
        runner.spec = cs;
        cs.name(c.spec().name());
        cs.usageMessage().description(c.spec().description().toArray(new String[0]));
        for (OptionSpec o : c.spec().options()) {
            CommandLine.Model.OptionSpec.Builder b = CommandLine.Model.OptionSpec.builder(o.names().toArray(new String[0]))
                    .description(o.description());
            if (!o.takesValue()) b.type(boolean.class);
            else if (o.repeatable()) b.paramLabel(o.paramLabel()).type(List.class).auxiliaryTypes(String.class);
            else b.paramLabel(o.paramLabel()).type(String.class);
            if (!o.choices().isEmpty()) b.completionCandidates(o.choices());
            cs.addOption(b.build());
        }
        // -h and -V after the command's own options: completion lists them in this order
        cs.mixinStandardHelpOptions(true);
        int index = 0;
        for (PositionalSpec p : c.spec().positionals()) {
            // one word (completion's bash|zsh|fish|man) or a list (QUERY...); each from where the previous ends
            PositionalParamSpec.Builder b = PositionalParamSpec.builder().paramLabel(p.label()).description(p.description())
                    .arity(p.arity()).required(p.min() > 0);
            if (p.max() == 1) b.type(String.class).index(Integer.toString(index));
            else b.type(List.class).auxiliaryTypes(String.class).index(p.max() < 0 ? index + "..*" : index + ".." + (index + p.max() - 1));
            cs.addPositional(b.build());
            index += Math.max(p.max(), 0);
        }
        CommandLine cl = new CommandLine(cs);
        for (Command sub : c.subcommands()) cl.addSubcommand(sub.spec().name(), build(sub, env));
        return cl;
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
            if (!command.subcommands().isEmpty()) {
                spec.commandLine().usage(spec.commandLine().getOut());
                return ExitCodes.USAGE;
            }
            ParseResult pr = spec.commandLine().getParseResult();
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (OptionSpec o : command.spec().options()) {
                if (!pr.hasMatchedOption(o.key())) continue;
                Object v = pr.matchedOptionValue(o.key(), null);
                values.put(o.key(), v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : v instanceof String str ? List.of(str) : List.of());
            }
            List<String> words = new ArrayList<>();
            for (PositionalParamSpec p : spec.positionalParameters()) {
                Object v = p.getValue();
                if (v instanceof List<?> l) l.forEach(w -> words.add(String.valueOf(w)));
                else if (v != null) words.add(String.valueOf(v));
            }
            Args a = new Args(Map.copyOf(values), List.copyOf(words));
            return command.run(a, Settings.fromEnv(env.get()), Console.system(a.flag("--verbose")));
        }
    }
}
