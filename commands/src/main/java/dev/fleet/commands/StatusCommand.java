package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.core.json.Json;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet status}: how many agents wait, work and idle, and who has waited longest — one line for a
 * prompt or a bar, {@code --json} for scripts, {@code --follow} a stream of updates for status bars.
 *
 * <p>{@code --follow} keeps its picture from the {@code subscribe} stream rather than asking {@code list}
 * after each event: every event carries the whole agent object, so the stream alone is the picture
 * (no second connection, no race between an event and a list taken a moment later, one round trip less
 * per change). An update is written when what it shows changes, and again after each {@code ping} (30 s
 * without events): the age it shows moves on, and a bar that went away is noticed at that write.
 */
public final class StatusCommand implements Command {
    /** The daemon pings after 30 s of silence; nothing at all for this long means it stopped answering. */
    static final Duration SILENCE = Duration.ofSeconds(75);

    private static final Spec SPEC = Spec.of("status", 15,
            List.of("Count the agents waiting, busy and idle, for a status bar.",
                    "Also names the agent that has waited longest, and for how long. With --follow, an update per "
                            + "change, pushed by the daemon.",
                    "Formats: " + String.join(", ", StatusLine.FORMATS) + " (see docs/status-bars.md)."),
            List.of(OptionSpec.flag("The counts and the waiting agents as one JSON object (--format json).", "--json"),
                    OptionSpec.flag("Stream an update per change (needs the daemon: 'fleet daemon start').", "-f", "--follow"),
                    OptionSpec.value("FORMAT", "text (default), json, i3bar, waybar, polybar or tmux.", "--format")
                            .withChoices("text", "json", "i3bar", "waybar", "polybar", "tmux"),
                    LsCommand.DEBUG),
            List.of());

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        String format = a.flag("--json") ? "json" : a.value("--format", "text");
        if (!StatusLine.FORMATS.contains(format)) {
            c.error("unknown format '" + format + "'; one of: " + String.join(", ", StatusLine.FORMATS));
            return ExitCodes.USAGE;
        }
        // bars read UTF-8 whatever the locale says (the line holds '·' and '—', names anything)
        PrintStream out = c.out() == System.out
                ? new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8) : c.out();
        if (a.flag("--follow")) return follow(s, c, out, format);
        StatusLine line = StatusLine.of(agents(s, c));
        if (format.equals("i3bar")) out.println(StatusLine.i3barPreamble());
        out.println(line.render(format, System.currentTimeMillis()));
        if (format.equals("i3bar")) out.println("]");
        out.flush();
        return ExitCodes.OK;
    }

    /** The daemon's {@code list} when one answers, else a direct scan (as {@code ls} does). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> agents(Settings s, Console c) {
        Map<String, Object> r = DaemonLink.call(s.env(), s.configDir(), "list", Map.of(), Duration.ofSeconds(2));
        if (r != null && Boolean.TRUE.equals(r.get("ok")) && r.get("agents") instanceof List<?> l) {
            return (List<Map<String, Object>>) l;
        }
        return (List<Map<String, Object>>) (List<?>) ListCommand.toJson(ListCommand.scanner(s, c, List.of()).run(false).agents());
    }

    /** No daemon to follow: the one line that says so (exit 5). */
    static final class NoDaemon extends Exception {
        private static final long serialVersionUID = 1L;

        NoDaemon(String why) {
            super("--follow needs the daemon ('fleet daemon start'): " + why);
        }
    }

    /**
     * The one place {@code --follow} reaches the daemon: a connection that has sent {@code subscribe}.
     * First a {@code status} on the same connection, because {@code subscribe} does not check
     * {@code config_dir} (protocol.md, known gap 2) and a daemon watching another config dir must not
     * feed this bar — {@code status}, not {@code list}: while a host is on its first connection {@code list}
     * is handed back to the direct path, and the stream would then refuse to start. (Where a daemon that
     * starts itself would be started.)
     */
    static DaemonClient subscribe(Settings s) throws NoDaemon {
        if ("1".equals(s.env().get("FLEET_NO_DAEMON"))) throw new NoDaemon("FLEET_NO_DAEMON=1 is set");
        Path dir = SocketPaths.dir(s.env());
        String why = DaemonLink.reachable(dir);
        if (why != null) throw new NoDaemon(why);
        DaemonClient client = null;
        try {
            client = DaemonClient.connect(SocketPaths.socket(s.env()));
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("v", 1);
            req.put("op", "status");
            req.put("config_dir", s.configDir().toString());
            Map<String, Object> r = client.call(req, Duration.ofSeconds(2));
            if (!Boolean.TRUE.equals(r.get("ok"))) throw new NoDaemon("the daemon answered: " + DaemonLink.message(r));
            client.send(Map.of("v", 1, "op", "subscribe"));
            return client;
        } catch (IOException | RuntimeException e) {
            if (client != null) client.close();
            throw new NoDaemon(e.getMessage());
        } catch (NoDaemon e) {
            client.close();
            throw e;
        }
    }

    private static int follow(Settings s, Console c, PrintStream out, String format) {
        DaemonClient client;
        try {
            client = subscribe(s);
        } catch (NoDaemon e) {
            c.error(e.getMessage());
            return ExitCodes.ERROR;
        }
        try (client) {
            Map<String, Object> snapshot = Json.parseObject(orGone(client.readLine(Duration.ofSeconds(2))));
            if (!Boolean.TRUE.equals(snapshot.get("ok"))) {
                c.error("--follow: the daemon refused to subscribe: " + DaemonLink.message(snapshot));
                return ExitCodes.ERROR;
            }
            Picture picture = new Picture();
            for (Object a : Json.arr(snapshot, "agents")) picture.put(asMap(a));
            Updates updates = new Updates(out, format);
            if (!updates.write(picture, false)) return ExitCodes.OK;
            while (true) {
                Map<String, Object> ev = Json.parseObject(orGone(client.readLine(SILENCE)));
                boolean ping = "ping".equals(ev.get("event"));
                if (!ping) picture.apply(ev);
                // a closed stdout (the bar restarted or went away): nothing left to do, quietly
                if (!updates.write(picture, ping)) return ExitCodes.OK;
            }
        } catch (IOException | RuntimeException e) {
            c.error("--follow: the daemon went away: " + e.getMessage());
            return ExitCodes.ERROR;
        }
    }

    private static String orGone(String line) throws IOException {
        if (line == null) throw new IOException("it closed the connection");
        return line;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    /**
     * The live agents, kept from the stream: keyed by host, session and pid, as {@code removed}/{@code added} pairs
     * name them (another host's agents come in the same stream, each with its {@code host}; a {@code stale}
     * event replaces the agent with its stale copy).
     */
    private static final class Picture {
        private final Map<String, Map<String, Object>> agents = new LinkedHashMap<>();

        void put(Map<String, Object> agent) {
            agents.put(key(agent), agent);
        }

        void apply(Map<String, Object> event) {
            String kind = Json.str(event, "event");
            if (!(event.get("agent") instanceof Map)) return;
            if ("removed".equals(kind)) agents.remove(key(asMap(event.get("agent"))));
            else put(asMap(event.get("agent")));
            // an event kind this client does not know changes nothing (protocol.md: clients ignore them)
        }

        private static String key(Map<String, Object> agent) {
            return agent.get("host") + "/" + agent.get("session_id") + "/" + agent.get("pid");
        }

        StatusLine line() {
            return StatusLine.of(agents.values());
        }
    }

    /** Writes updates in one format, each only when it differs from the last (or when asked to repeat). */
    private static final class Updates {
        private final PrintStream out;
        private final String format;
        private String last;

        Updates(PrintStream out, String format) {
            this.out = out;
            this.format = format;
        }

        /** False when stdout is closed. */
        boolean write(Picture picture, boolean repeat) {
            String body = picture.line().render(format, System.currentTimeMillis());
            if (body.equals(last) && !repeat) return true;
            if (format.equals("i3bar")) out.println(last == null ? StatusLine.i3barPreamble() + "\n" + body : "," + body);
            else out.println(body);
            last = body;
            return !out.checkError(); // flushes
        }
    }
}
