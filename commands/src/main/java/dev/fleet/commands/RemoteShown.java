package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code switch} to another host's agent that a local terminal already shows: that terminal runs an ssh whose
 * session's tmux client is on the agent's tmux server. This machine's ssh connections ({@link LocalSsh}, by
 * ports) go to the host in one call ({@code fleet __clients SOCKET --from … --switch TARGET}), which switches
 * its client that came over one of them to the agent's pane (one on the agent's session first) and names it
 * by its {@code SSH_CONNECTION}; the local window holding that ssh is then focused as any local agent would be
 * (its process located by the same locators).
 */
final class RemoteShown {
    /** The host's hidden command (hosts' ClientsCommand). */
    static final String CLIENTS = "__clients";
    private static final Duration ASK = Duration.ofSeconds(5);

    private RemoteShown() {}

    /**
     * Switches and focuses; -1 when no local terminal shows the host's tmux (the caller attaches or says how),
     * else switch's exit code (its line printed).
     */
    static int focus(Settings s, Console c, RemoteTarget t, String socket, String target) {
        ProcSnapshot proc = ProcSnapshot.read(s.procRoot());
        Map<String, Integer> mine = LocalSsh.connections(s.procRoot(), proc);
        if (mine.isEmpty()) return -1; // no ssh here: nothing to ask the host
        RemoteAgents.Ran r;
        try {
            r = t.provider().run(s, t.host(), List.of(CLIENTS, socket, "--from", String.join(",", mine.keySet()), "--switch", target), ASK);
        } catch (RuntimeException e) {
            c.verbose("switch: asking " + t.host() + " for its tmux clients: " + e.getMessage());
            return -1;
        }
        String err = RemoteTarget.printable(r.err()).strip();
        if (r.exit() == ExitCodes.NOT_SHOWN) {
            c.verbose("switch: none of " + t.host() + "'s tmux clients came over this machine's " + mine.size() + " ssh connections");
            return -1;
        }
        if (r.exit() != ExitCodes.OK) {
            if (r.exit() != ExitCodes.FOCUS_FAILED) {
                c.verbose("switch: " + t.host() + "'s fleet __clients: exit " + r.exit() + " " + err); // an older fleet there
                return -1;
            }
            c.error("host " + t.host() + ": " + err + "; " + t.who() + " not shown");
            return ExitCodes.FOCUS_FAILED;
        }
        Integer pid = null;
        String tty = null;
        if (Json.parse(new String(r.out(), StandardCharsets.UTF_8)) instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m
                && m.get("ssh_connection") instanceof String conn) {
            pid = mine.get(LocalSsh.ports(conn));
            tty = RemoteTarget.printable(String.valueOf(m.get("tty")));
        }
        if (pid == null) {
            c.error("host " + t.host() + ": its answer names no ssh connection of this machine; " + t.who() + " not shown here");
            return ExitCodes.FOCUS_FAILED;
        }
        c.verbose("switch: " + t.host() + "'s tmux client " + tty + " now shows " + t.who() + "; its ssh here is pid " + pid);
        return focusLocal(s, c, t, proc, pid);
    }

    /** The local terminal of the ssh process: located and focused as an agent in it would be. */
    private static int focusLocal(Settings s, Console c, RemoteTarget t, ProcSnapshot proc, int pid) {
        Agent stub = new Agent(pid, null, null, "ssh to " + t.host(), null, null, null, null, AgentState.IDLE, 0, null, 0, null,
                Map.of(), List.of());
        Agent located = ListCommand.scanner(s, c, List.of()).locate(proc, List.of(stub)).get(0);
        FocusContext ctx = new FocusContext(proc, s.env(), Exec.withTimeout(Duration.ofSeconds(3)), c::verbose, Map.of());
        FocusPlan plan = Layers.load().planFocus(ctx, located);
        if (plan.steps().isEmpty()) {
            c.error(t.who() + " is shown by " + t.host() + "'s tmux client of local pid " + pid + ", in no terminal window fleet can reach");
            return ExitCodes.FOCUS_FAILED;
        }
        try {
            plan.run(ctx);
        } catch (FocusException e) {
            c.error(t.who() + ": " + e.getMessage());
            return e.exitCode();
        }
        c.verbose("switch: " + t.who() + " shown in the terminal of local pid " + pid);
        return ExitCodes.OK;
    }
}
