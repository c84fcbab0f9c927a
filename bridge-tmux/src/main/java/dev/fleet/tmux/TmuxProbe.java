package dev.fleet.tmux;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.util.Ids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code fleet doctor}'s tmux layer: is tmux installed, which servers answer, what they hold. */
final class TmuxProbe {
    List<Finding> probe(LocateContext ctx, List<Agent> agents) {
        List<Finding> out = new ArrayList<>();
        if (!Exec.onPath("tmux")) {
            out.add(Finding.missing("tmux", "tmux is not installed", "install it: sudo apt-get install tmux"));
            return out;
        }
        try {
            out.add(Finding.ok("tmux", ctx.exec().run(List.of("tmux", "-V")).out().trim()));
        } catch (ExecException e) {
            out.add(Finding.warn("tmux", "tmux -V failed: " + e.getMessage(), "check the tmux installation"));
        }
        Path dir = TmuxSockets.defaultDir(ctx.env("TMUX_TMPDIR"), Ids.uid());
        var sockets = TmuxSockets.discover(dir, agents, ctx.env("TMUX"), ctx.option(TmuxLocator.SOCKET_OPTION));
        if (sockets.isEmpty()) {
            out.add(Finding.warn("tmux", "no tmux server sockets in " + dir + " or named by agents",
                    "agents started outside tmux are still listed; servers started with -S elsewhere: --tmux-socket PATH"));
        }
        for (Path s : sockets) {
            try {
                Optional<ServerView> v = ServerView.query(new Tmux(ctx.exec(), s));
                if (v.isEmpty()) {
                    out.add(Finding.warn("tmux", "server " + s + " does not answer (stale socket)",
                            "harmless; remove the file if no tmux server should be there"));
                } else {
                    long sessions = v.get().panes().stream().map(PaneRow::sessionName).distinct().count();
                    out.add(Finding.ok("tmux", "server " + s + " (pid " + v.get().serverPid() + "): " + sessions
                            + " sessions, " + v.get().panes().size() + " panes, " + v.get().userClients().size() + " clients"));
                }
            } catch (RuntimeException e) {
                out.add(Finding.warn("tmux", "server " + s + ": " + e.getMessage(), "check the socket's owner and permissions"));
            }
        }
        long inTmux = agents.stream().filter(a -> a.location(TmuxPane.class).isPresent()).count();
        out.add(Finding.ok("tmux", inTmux + " of " + agents.size() + " agents are in a tmux pane"));
        return out;
    }
}
