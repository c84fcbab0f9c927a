package dev.fleet.cli;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.daemon.DaemonOp;
import dev.fleet.core.daemon.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The daemon's {@code switch} and {@code next}: the very command code of the direct path, run in the
 * daemon's warm JVM with the caller's arguments and environment; what it prints and its exit code go
 * back to the client, which prints them as they are.
 */
final class DaemonOps {
    private DaemonOps() {}

    static Map<String, DaemonOp> all() {
        return Map.of("switch", (r, picture) -> focus(r, picture, false), "next", (r, picture) -> focus(r, picture, true),
                "table", DaemonOps::table);
    }

    /**
     * The {@code fleet ls} table from the daemon's picture (with its waiting_since), rendered for the
     * caller's terminal: {@code "tty": true} when its stdout is one, its NO_COLOR, TERM and HOME.
     */
    private static Map<String, Object> table(Map<String, Object> req, List<Agent> picture) {
        Map<String, String> env = Protocol.optStrings(req, "env");
        boolean tty = Boolean.TRUE.equals(req.get("tty"));
        Settings s = Settings.fromEnv(env);
        Style style = tty ? Style.detectFor(env, true) : new Style(false);
        Map<String, Object> r = Protocol.ok();
        r.put("exit", ExitCodes.OK);
        r.put("stdout", AgentTable.render(picture, System.currentTimeMillis(), s.home().toString(), style));
        r.put("stderr", picture.isEmpty() ? "fleet: no live Claude Code agents found in " + s.configDir().resolve("sessions") + "\n" : "");
        return r;
    }

    private static Map<String, Object> focus(Map<String, Object> req, List<Agent> picture, boolean next) {
        List<String> argv = new ArrayList<>();
        argv.add(next ? "next" : "switch");
        Object a = req.get("args");
        if (!(a instanceof List)) throw new Protocol.Failure(Protocol.BAD_REQUEST, "\"args\" must be a list of strings");
        for (Object o : (List<?>) a) {
            if (!(o instanceof String)) throw new Protocol.Failure(Protocol.BAD_REQUEST, "\"args\" must be a list of strings");
            argv.add((String) o);
        }
        Map<String, String> env = Protocol.optStrings(req, "env");
        SwitchOptions o = SwitchOptions.parse(argv.toArray(new String[0]), 1, !next);
        if (o == null) throw new Protocol.Failure(Protocol.BAD_REQUEST, "the daemon takes only the plain forms of " + argv.get(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8), pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = SwitchCommand.runOnPicture(Settings.fromEnv(env), new Console(po, pe, o.verbose()), o, next, picture);
        } catch (RuntimeException e) {
            // as Main reports it
            if (o.debug()) e.printStackTrace(pe);
            String m = e.getMessage();
            pe.println("fleet: " + (m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(""))
                    + (o.debug() ? "" : " (run with --debug for details)"));
            code = ExitCodes.ERROR;
        }
        po.flush();
        pe.flush();
        Map<String, Object> r = Protocol.ok();
        r.put("exit", code);
        r.put("stdout", out.toString(StandardCharsets.UTF_8));
        r.put("stderr", err.toString(StandardCharsets.UTF_8));
        return r;
    }
}
