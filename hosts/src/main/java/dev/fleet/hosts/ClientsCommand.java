package dev.fleet.hosts;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.LaneForm;
import dev.fleet.commands.PositionalSpec;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import dev.fleet.core.ExitCodes;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.Environ;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code fleet __clients SOCKET} (hidden): what another host runs here over ssh to find which of its terminals
 * shows this machine's tmux: every client of the tmux server at SOCKET with its pid, tty, session and the
 * {@code SSH_CONNECTION} of the client process (read from its /proc environ here, never through a shell), one
 * JSON array. The other side matches SSH_CONNECTION's client port to its own ssh process. With a daemon up the
 * launcher's lane hands it to the daemon ({@code clients} in protocol.md), so the call costs no JVM start.
 */
public final class ClientsCommand implements Command {
    static final String NAME = "__clients";
    private static final Spec SPEC = Spec.of(NAME, 1002, List.of("This machine's tmux clients and their ssh connections, for another host."),
            List.of(), List.of(new PositionalSpec("SOCKET", "The tmux server's socket.", 1, 1)))
            // served: the other host's switch waits on this call, and a JVM's start is most of its time
            .served("clients", List.of(new LaneForm(LaneForm.ANY_ARGS, "clients"))).hide();
    private static final String SEP = "\t";

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        String socket = a.positionals().get(0);
        if (!socket.startsWith("/")) {
            c.error("a tmux socket is an absolute path: " + socket);
            return ExitCodes.USAGE;
        }
        // -u: without a UTF-8 locale (an ssh session's plain environment) tmux writes the tabs as '_'
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(3)).run(List.of("tmux", "-u", "-S", socket, "list-clients", "-F",
                String.join(SEP, "#{client_pid}", "#{client_tty}", "#{client_session}")), java.util.Collections.singletonMap("TMUX", null), null);
        if (!r.ok()) {
            c.error("tmux on " + socket + ": " + r.firstErrorLine());
            return ExitCodes.ERROR;
        }
        List<Object> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.split(SEP, 3);
            if (f.length < 3 || !f[0].matches("\\d{1,9}")) continue;
            int pid = Integer.parseInt(f[0]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", pid);
            m.put("tty", f[1]);
            m.put("session", f[2]);
            m.put("ssh_connection", Environ.read(s.procRoot(), pid, Set.of("SSH_CONNECTION")).get("SSH_CONNECTION"));
            out.add(m);
        }
        c.out().println(Json.write(out));
        return ExitCodes.OK;
    }
}
