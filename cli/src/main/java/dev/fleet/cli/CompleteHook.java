package dev.fleet.cli;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.PositionalSpec;
import dev.fleet.commands.RemoteAgents;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import java.util.List;

/**
 * {@code fleet __complete agents}: the completion scripts' hook for live agent names ({@link AgentNames});
 * {@code fleet __complete hosts}: what {@code --host} takes — {@code local} and the hosts file's hosts.
 * Hidden: in no help, not in picocli's tree (so {@code fleet __complete} alone is an unknown command).
 */
public final class CompleteHook implements Command {
    private static final Spec SPEC = Spec.of("__complete", 1000, List.of("The live agents' names (agents) or the hosts --host takes (hosts), one a line, for completion."),
            List.of(), List.of(new PositionalSpec("agents|hosts", "What to complete.", 1, 1))).hide();

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        // a shell completing a word gets nothing rather than a message; the exit says it was no hook's word
        if (a.positionals().equals(List.of("hosts"))) {
            c.out().println(RemoteAgents.LOCAL);
            RemoteAgents p = RemoteAgents.load();
            if (p != null) for (String h : p.hosts(s)) c.out().println(h);
            return ExitCodes.OK;
        }
        if (!a.positionals().equals(List.of("agents"))) return ExitCodes.USAGE;
        return AgentNames.print(s.env(), c.out());
    }
}
