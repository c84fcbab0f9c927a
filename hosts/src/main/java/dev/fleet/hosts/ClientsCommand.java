package dev.fleet.hosts;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.LaneForm;
import dev.fleet.commands.OptionSpec;
import dev.fleet.commands.PositionalSpec;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import dev.fleet.core.ExitCodes;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.Environ;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fleet __clients SOCKET [--from PORTS --switch TARGET]} (hidden): what another host runs here over ssh
 * when its {@code switch} looks for a terminal of its own that already shows this machine's tmux. Every client
 * of the tmux server at SOCKET with its pid, tty, session and the {@code SSH_CONNECTION} of the client's process
 * (read from its /proc environ here, never through a shell), as one JSON array. With {@code --from} (the other
 * side's ssh connections, {@code <its port>:<our port>,…}) only the clients that came over one of them; with
 * {@code --switch} the first of those (one on TARGET's session first) is switched to TARGET and listed first —
 * one round trip for the whole remote half of a switch. With a daemon up the launcher's lane hands it to the
 * daemon ({@code clients} in protocol.md), so the call costs no JVM start.
 */
public final class ClientsCommand implements Command {
    static final String NAME = "__clients";
    private static final Spec SPEC = Spec.of(NAME, 1002, List.of("This machine's tmux clients and their ssh connections, for another host."),
            List.of(OptionSpec.value("PORTS", "Only clients whose SSH_CONNECTION ports are one of these (client:server,…).", "--from"),
                    OptionSpec.value("TARGET", "Switch the first of them to this tmux target (=session:window.pane).", "--switch")),
            List.of(new PositionalSpec("SOCKET", "The tmux server's socket.", 1, 1)))
            // served: the other host's switch waits on this call, and a JVM's start was most of its time
            .served("clients", List.of(new LaneForm(LaneForm.ANY_ARGS, "clients"))).hide();
    private static final String SEP = "\t";
    private static final Pattern CONNECTION = Pattern.compile("\\S+ (\\d{1,5}) \\S+ (\\d{1,5})");
    private static final Pattern TARGET = Pattern.compile("=([^:]+):@\\d+\\.%\\d+");

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        String socket = a.positionals().get(0);
        String target = a.value("--switch", null);
        Matcher tm = target == null ? null : TARGET.matcher(target);
        if (!socket.startsWith("/") || (tm != null && !tm.matches())) {
            c.error("__clients: a socket is an absolute path, a target =session:@window.%pane");
            return ExitCodes.USAGE;
        }
        String from = a.value("--from", null);
        Set<String> ports = from == null ? null : Set.of(from.split(","));
        // -u: without a UTF-8 locale (an ssh session's plain environment) tmux writes the tabs as '_'
        Exec.Result r = tmux(List.of("-S", socket, "list-clients", "-F", String.join(SEP, "#{client_pid}", "#{client_tty}", "#{client_control_mode}", "#{client_session}")));
        if (!r.ok()) {
            c.error("tmux on " + socket + ": " + r.firstErrorLine());
            return ExitCodes.ERROR;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.split(SEP, 4);
            // a control-mode client (a daemon's, or iTerm2's) shows no window to a user
            if (f.length < 4 || !f[0].matches("\\d{1,9}") || "1".equals(f[2])) continue;
            int pid = Integer.parseInt(f[0]);
            String conn = Environ.read(s.procRoot(), pid, Set.of("SSH_CONNECTION")).get("SSH_CONNECTION");
            if (ports != null && (conn == null || !ports.contains(ports(conn)))) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", pid);
            m.put("tty", f[1]);
            m.put("session", f[3]);
            m.put("ssh_connection", conn);
            out.add(m);
        }
        int code = ExitCodes.OK;
        if (target != null) {
            String session = tm.group(1);
            out.sort(java.util.Comparator.comparing(m -> !session.equals(m.get("session")))); // on its session first
            if (out.isEmpty()) {
                code = ExitCodes.NOT_SHOWN;
            } else {
                Exec.Result sw = tmux(List.of("-S", socket, "switch-client", "-c", (String) out.get(0).get("tty"), "-t", target));
                if (sw.ok()) {
                    out.get(0).put("switched", true);
                } else {
                    c.error("tmux switch-client: " + sw.firstErrorLine());
                    code = ExitCodes.FOCUS_FAILED;
                }
            }
        }
        c.out().println(Json.write(out));
        return code;
    }

    private static Exec.Result tmux(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-u"));
        argv.addAll(args);
        return Exec.withTimeout(Duration.ofSeconds(3)).run(argv, Collections.singletonMap("TMUX", null), null);
    }

    /** {@code <client port>:<server port>} of an SSH_CONNECTION, or null. */
    private static String ports(String conn) {
        Matcher m = CONNECTION.matcher(conn.strip());
        return m.matches() ? Integer.parseInt(m.group(1)) + ":" + Integer.parseInt(m.group(2)) : null;
    }
}
