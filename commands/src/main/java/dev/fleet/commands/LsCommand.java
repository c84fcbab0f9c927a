package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import java.util.List;

/** {@code fleet ls}, the table entry: its spec; the direct path is {@link ListCommand}, the daemon renders its picture. */
public final class LsCommand implements Command {
    /** --tmux-socket, as ls, switch, next and doctor take it. */
    public static final OptionSpec TMUX_SOCKET = OptionSpec.values("PATH", "Also look at this tmux server socket (repeatable).",
            "--tmux-socket");
    public static final OptionSpec DEBUG = OptionSpec.flag("Stack traces on errors.", "--debug");

    private static final Spec SPEC = Spec.of("ls", 10,
            List.of("List every live agent: its state, since when, and where it lives.",
                    "Waiting agents come first, longest waiting first; then busy, then idle."),
            List.of(OptionSpec.flag("One JSON object per agent, stable snake_case fields.", "--json"),
                    OptionSpec.flag("Also show stale session files (dead agents).", "-a", "--all"),
                    TMUX_SOCKET,
                    OptionSpec.values("HOST", "Only this host's agents (repeatable; 'local' is this machine): an ssh "
                            + "destination, of the hosts file or not.", "--host"),
                    OptionSpec.flag("Say what was looked at and skipped.", "-v", "--verbose"),
                    DEBUG),
            List.of())
            // the bare table is rendered by the daemon (op table); --json is the daemon's own list
            .served("table", List.of(new LaneForm("", "table"), new LaneForm("--json", "list")));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        return ListCommand.run(s, c, a.flag("--json"), a.flag("--all"), a.values("--tmux-socket"), a.values("--host"));
    }

    /**
     * The {@code fleet ls} table from the daemon's picture (with its waiting_since), rendered for the
     * caller's terminal: {@code tty} when its stdout is one, its NO_COLOR, TERM and HOME.
     */
    @Override
    public int serve(Args a, Settings s, Console c, List<Agent> picture, boolean tty) {
        Style style = tty ? Style.detectFor(s.env(), true) : new Style(false);
        // other hosts as the daemon's streams last said them (never an ssh while the caller waits)
        RemoteAgents.Streams streams = RemoteAgents.RUNNING.get();
        if (streams != null && streams.settling()) {
            throw new dev.fleet.core.daemon.Protocol.Failure(dev.fleet.core.daemon.Protocol.BAD_REQUEST,
                    "a host is still connecting: ls asks the hosts directly");
        }
        List<RemoteAgents.Listing> remote = streams == null ? List.of() : streams.cached();
        if (!remote.isEmpty()) {
            c.out().print(AgentTable.renderHosts(dev.fleet.core.util.Ids.shortHost(), picture, remote, System.currentTimeMillis(),
                    s.home().toString(), style));
            return ExitCodes.OK;
        }
        if (picture.isEmpty()) ListCommand.noConfigDir(s, c);
        c.out().print(AgentTable.render(picture, System.currentTimeMillis(), s.home().toString(), style));
        if (picture.isEmpty()) c.note("no live Claude Code agents found in " + s.configDir().resolve("sessions"));
        return ExitCodes.OK;
    }
}
