package dev.fleet.commands;

import java.util.List;

/**
 * What a command is, as data: everything picocli's help, the fast parser, the daemon, the launcher's
 * lane, completion and the man page read. {@code description}'s first line is the summary in the
 * command list. {@code servedOp}: the daemon op under which the daemon runs this command's handler
 * on its picture (null: the daemon does not serve it); {@code lane}: the forms that go to the daemon.
 */
public record Spec(String name, List<String> description, List<OptionSpec> options, List<PositionalSpec> positionals,
        String servedOp, List<LaneForm> lane) {

    public OptionSpec option(String name) {
        for (OptionSpec o : options) if (o.names().contains(name)) return o;
        return null;
    }
}
