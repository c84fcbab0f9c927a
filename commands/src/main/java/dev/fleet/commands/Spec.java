package dev.fleet.commands;

import java.util.List;

/**
 * What a command is, as data: everything picocli's help, the fast parser, the daemon, the launcher's
 * lane, completion and the man page read. {@code order}: its place in {@code fleet --help}'s command
 * list (the table is gathered from several modules, so no file order can say it); {@code description}'s
 * first line is the summary in that list. {@code servedOp}: the daemon op under which the daemon runs this
 * command's handler on its picture (null: the daemon does not serve it); {@code lane}: the forms that go
 * to the daemon. {@code hidden}: a hook for scripts (completion's {@code __complete}), in no help and
 * not in picocli's tree.
 */
public record Spec(String name, int order, List<String> description, List<OptionSpec> options, List<PositionalSpec> positionals,
        String servedOp, List<LaneForm> lane, boolean hidden) {

    /** A command the daemon does not serve. */
    public static Spec of(String name, int order, List<String> description, List<OptionSpec> options, List<PositionalSpec> positionals) {
        return new Spec(name, order, description, options, positionals, null, List.of(), false);
    }

    /** A subcommand ({@code daemon status}): listed in its parent's order, so no order of its own. */
    public static Spec sub(String name, List<String> description, List<OptionSpec> options, List<PositionalSpec> positionals) {
        return of(name, 0, description, options, positionals);
    }

    /** This spec, served by the daemon as {@code op}, with these lane forms. */
    public Spec served(String op, List<LaneForm> forms) {
        return new Spec(name, order, description, options, positionals, op, List.copyOf(forms), hidden);
    }

    public Spec hide() {
        return new Spec(name, order, description, options, positionals, servedOp, lane, true);
    }

    public OptionSpec option(String name) {
        for (OptionSpec o : options) if (o.names().contains(name)) return o;
        return null;
    }
}
