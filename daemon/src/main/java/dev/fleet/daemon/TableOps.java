package dev.fleet.daemon;

import dev.fleet.commands.ArgParser;
import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.daemon.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ops of the command table's served commands ({@code switch}, {@code next}, {@code table} for
 * {@code ls}): the very handler of the direct path, run in the daemon's warm JVM on its picture with
 * the caller's arguments, environment and terminal; what it prints and its exit code go back to the
 * client, which prints them as they are.
 */
final class TableOps {
    private TableOps() {}

    /** Every served command of the table, by its op. */
    static Map<String, DaemonOp> all() {
        Map<String, DaemonOp> ops = new LinkedHashMap<>();
        for (Command c : CommandTable.served()) ops.put(c.spec().servedOp(), (req, picture) -> serve(c, req, picture));
        return ops;
    }

    /**
     * {@code "args"}: the arguments after the command's name (required for a command served with its
     * arguments, ignored for one served bare), read with the table's parser;
     * {@code "env"}: the caller's forwarded variables; {@code "tty"}: whether its stdout is a terminal.
     */
    private static Map<String, Object> serve(Command cmd, Map<String, Object> req, List<Agent> picture) {
        String name = cmd.spec().name();
        List<String> argv = new ArrayList<>();
        argv.add(name);
        Object a = req.get("args");
        // a command served with its arguments (switch, next) needs them; one served bare (the ls table) reads none;
        // one with no lane form (watch, pick: their handlers ask for their plan) is asked with its arguments only
        boolean takesArgs = cmd.spec().lane().isEmpty() || cmd.spec().lane().stream().anyMatch(f -> f.forwardsArgs());
        if (takesArgs && !(a instanceof List)) throw new Protocol.Failure(Protocol.BAD_REQUEST, "\"args\" must be a list of strings");
        if (takesArgs) {
            for (Object o : (List<?>) a) {
                if (!(o instanceof String)) throw new Protocol.Failure(Protocol.BAD_REQUEST, "\"args\" must be a list of strings");
                argv.add((String) o);
            }
        }
        Map<String, String> env = Protocol.optStrings(req, "env");
        boolean tty = Boolean.TRUE.equals(req.get("tty")); // any other value counts as false (protocol.md)
        Args o = ArgParser.parse(cmd.spec(), argv.toArray(new String[0]), 1);
        if (o == null) throw new Protocol.Failure(Protocol.BAD_REQUEST, "the daemon takes only the plain forms of " + name);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8), pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        boolean debug = o.flag("--debug");
        int code;
        try {
            code = cmd.serve(o, Settings.fromEnv(env), new Console(po, pe, o.flag("--verbose")), picture, tty);
        } catch (Protocol.Failure e) {
            throw e; // a handler declining this request before acting (send's long --timeout): the client falls back
        } catch (RuntimeException e) {
            // as Main reports it
            if (debug) e.printStackTrace(pe);
            String m = e.getMessage();
            pe.println("fleet: " + (m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(""))
                    + (debug ? "" : " (run with --debug for details)"));
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
