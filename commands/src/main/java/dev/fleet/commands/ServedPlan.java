package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's answer to a served command asked from a handler, not from the launcher's lane: {@code watch}
 * and {@code pick} ask it for their plan ({@code --json}) and run that plan here, in the caller's
 * terminal, which the daemon does not have. Empty when no daemon served the request (the caller then
 * scans itself); with {@code FLEET_DAEMON_REQUIRED=1} that is an error ({@link DaemonLink.NotServed}).
 */
final class ServedPlan {
    private ServedPlan() {}

    /** What the daemon's handler printed, and its exit code. */
    record Reply(int exit, String out, String err) {
        /** Prints it here as the direct path would have; its exit code. */
        int relay(Console c) {
            c.out().print(out);
            c.out().flush();
            c.err().print(err);
            c.err().flush();
            return exit;
        }

        /** The JSON it printed (a plan: an exit of 0 with --json). */
        Map<String, Object> json() {
            return Json.parseObject(out);
        }
    }

    /** The plan: {@code op} with {@code args} and {@code --json}. */
    static Optional<Reply> plan(Settings s, String op, List<String> args) {
        List<String> a = new ArrayList<>(args);
        a.add(0, "--json"); // options first: args may end with "--" and the positionals
        return ask(s, op, a);
    }

    /** {@code op} with {@code args} (the words after the command's name, as a user types them). */
    static Optional<Reply> ask(Settings s, String op, List<String> args) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("args", List.copyOf(args));
        Map<String, String> env = new LinkedHashMap<>();
        for (String v : CommandTable.FORWARDED_ENV) {
            String val = s.env().get(v);
            if (val != null && !val.isEmpty()) env.put(v, val);
        }
        fields.put("env", env);
        Map<String, Object> r = DaemonLink.call(s.env(), s.configDir(), op, fields, Duration.ofSeconds(20));
        if (r == null) return Optional.empty();
        if (!Boolean.TRUE.equals(r.get("ok")) || !(r.get("exit") instanceof Number code)) {
            // a fallback reply was handed over already; a refused request (bad_request) is handed over here
            DaemonLink.handOver(s.env(), op + ": the daemon answered: " + DaemonLink.message(r));
            return Optional.empty();
        }
        return Optional.of(new Reply(code.intValue(), text(r.get("stdout")), text(r.get("stderr"))));
    }

    private static String text(Object o) {
        return o instanceof String t ? t : "";
    }

    /** The forwarded form of options and words: each option as given, then "--" and the words (never read as options). */
    static List<String> args(Args a, List<String> flags, List<String> valued) {
        List<String> out = new ArrayList<>();
        for (String f : flags) if (a.flag(f)) out.add(f);
        for (String v : valued) for (String x : a.values(v)) out.addAll(List.of(v, x));
        if (!a.positionals().isEmpty()) {
            out.add("--");
            out.addAll(a.positionals());
        }
        return out;
    }

    /** The exit code for a plan the daemon printed that cannot be read (never expected: same code both sides). */
    static int unreadable(Console c, String op, RuntimeException e) {
        c.error("the daemon's " + op + " plan cannot be read: " + e.getMessage());
        return ExitCodes.ERROR;
    }
}
