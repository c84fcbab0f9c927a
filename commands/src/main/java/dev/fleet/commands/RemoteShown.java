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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code switch} to another host's agent that a local terminal already shows: that terminal runs an ssh whose
 * session's tmux client is on the agent's tmux server. One call asks the host for that server's clients and
 * their {@code SSH_CONNECTION} ({@code fleet __clients}); the client whose connection ends at a local process
 * ({@link LocalSsh}) is switched to the agent's pane on the host ({@code tmux switch-client -c}), and the local
 * window holding that ssh is focused as any local agent would be (its process located by the same locators).
 */
final class RemoteShown {
    private static final Pattern TTY = Pattern.compile("/dev/[A-Za-z0-9/]+");
    private static final Duration ASK = Duration.ofSeconds(5);
    /** The host's hidden command that lists its tmux clients with their ssh connections (hosts' ClientsCommand). */
    static final String CLIENTS = "__clients";

    private RemoteShown() {}

    /** A client of the agent's tmux server on the host, and the local ssh process at the other end of its session. */
    record Viewer(String tty, String session, int localPid) {}

    /**
     * Switches and focuses; -1 when no local terminal shows the host's tmux (the caller attaches or says how),
     * else switch's exit code (its line printed).
     */
    static int focus(Settings s, Console c, RemoteTarget t, Map<?, ?> tmux, String target) {
        String socket = (String) tmux.get("socket");
        Viewer v;
        try {
            v = viewer(s, c, t, socket, (String) tmux.get("session"));
        } catch (RuntimeException e) {
            c.verbose("switch: asking " + t.host() + " for its tmux clients: " + e.getMessage());
            return -1;
        }
        if (v == null) return -1;
        c.verbose("switch: local pid " + v.localPid() + " is the ssh of " + t.host() + "'s tmux client " + v.tty());
        RemoteAgents.Ran r;
        try {
            r = t.provider().runArgv(s, t.host(), List.of("tmux", "-S", socket, "switch-client", "-c", v.tty(), "-t", target), ASK);
        } catch (RuntimeException e) {
            c.error("host " + t.host() + ": " + e.getMessage() + "; " + t.who() + " not shown");
            return ExitCodes.ERROR;
        }
        if (r.exit() != 0) {
            c.error("host " + t.host() + ": tmux switch-client: " + RemoteTarget.printable(r.err()).strip() + "; " + t.who() + " not shown");
            return ExitCodes.FOCUS_FAILED;
        }
        return focusLocal(s, c, t, v.localPid());
    }

    /** The host's client that a local ssh holds, those on the agent's session first; null when none. */
    private static Viewer viewer(Settings s, Console c, RemoteTarget t, String socket, String session) {
        RemoteAgents.Ran r = t.provider().run(s, t.host(), List.of(CLIENTS, socket), ASK);
        if (r.exit() != 0) throw new IllegalStateException(RemoteTarget.printable(r.err()).strip());
        c.verbose("switch: " + t.host() + "'s tmux clients: " + RemoteTarget.printable(new String(r.out(), StandardCharsets.UTF_8)).strip());
        List<Viewer> on = new ArrayList<>(), other = new ArrayList<>();
        if (!(Json.parse(new String(r.out(), StandardCharsets.UTF_8)) instanceof List<?> clients)) throw new IllegalStateException("not a list");
        ProcSnapshot proc = ProcSnapshot.read(s.procRoot());
        for (Object o : clients) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("tty") instanceof String tty) || !TTY.matcher(tty).matches()
                    || !(m.get("ssh_connection") instanceof String conn)) continue;
            Optional<Integer> pid = LocalSsh.holder(s.procRoot(), proc, conn);
            c.verbose("switch: " + t.host() + "'s tmux client " + tty + " came over ssh from " + RemoteTarget.printable(conn)
                    + (pid.isEmpty() ? ", no local process holds that connection" : ", local pid " + pid.get()));
            if (pid.isEmpty()) continue;
            Viewer v = new Viewer(tty, String.valueOf(m.get("session")), pid.get());
            (v.session().equals(session) ? on : other).add(v);
        }
        c.verbose("switch: " + t.host() + "'s clients held by a local ssh: " + on.size() + " on " + session + ", " + other.size() + " elsewhere");
        return !on.isEmpty() ? on.get(0) : other.isEmpty() ? null : other.get(0);
    }

    /** The local terminal of the ssh process: located and focused as an agent in it would be. */
    private static int focusLocal(Settings s, Console c, RemoteTarget t, int pid) {
        ProcSnapshot proc = ProcSnapshot.read(s.procRoot());
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
