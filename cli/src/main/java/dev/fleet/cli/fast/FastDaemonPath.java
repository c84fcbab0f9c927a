package dev.fleet.cli.fast;

import dev.fleet.commands.CommandTable;
import dev.fleet.commands.DaemonLink;
import dev.fleet.commands.LaneForm;
import dev.fleet.commands.Spec;
import dev.fleet.core.json.Json;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command table's lane forms ({@code fleet switch}, {@code fleet next}, {@code fleet ls} and
 * {@code fleet ls --json}) through the daemon, when one answers: a few JDK classes and jackson-core's streaming API, no picocli, no jackson-databind (see
 * {@code FastPathClassesIT}). Returns -1 whenever the direct path should run instead (no daemon, a
 * form it does not take, a daemon that cannot serve it); output and exit codes are the direct path's,
 * because the daemon runs the same command code and sends back what it printed.
 */
public final class FastDaemonPath {
    private FastDaemonPath() {}

    public static final int NOT_HANDLED = -1;

    /**
     * @param spec      the table's command named by {@code args[0]}
     * @param configDir the Claude config dir this invocation means (as {@code Settings} resolves it)
     */
    public static int run(Spec spec, String[] args, Map<String, String> env, Path configDir, PrintStream out, PrintStream err) {
        LaneForm form = form(spec, args);
        int r = form == null ? NOT_HANDLED
                : form.op().equals(spec.servedOp()) ? served(form, args, env, configDir, out, err)
                : list(env, configDir, out);
        if (r == NOT_HANDLED) DaemonLink.handOver(env, "'" + args[0] + "' in this form is not served by the daemon");
        return r;
    }

    /** The form of the table's lane that {@code args} is; null when the daemon does not take it (help: picocli's). */
    static LaneForm form(Spec spec, String[] args) {
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        for (LaneForm f : spec.lane()) {
            if (f.forwardsArgs()) {
                if (!rest.contains("--help") && !rest.contains("-h")) return f;
            } else if (rest.equals(f.argv().isEmpty() ? List.of() : List.of(f.argv().split(" ")))) {
                return f;
            }
        }
        return null;
    }

    /** The daemon's own {@code list} op: {@code ls --json} from its picture. */
    private static int list(Map<String, String> env, Path configDir, PrintStream out) {
        if (!Files.isDirectory(configDir)) return NOT_HANDLED; // the direct path explains that case
        Map<String, Object> r = DaemonLink.call(env, configDir, "list", Map.of(), Duration.ofSeconds(2));
        if (r == null || !Boolean.TRUE.equals(r.get("ok")) || !(r.get("agents") instanceof List)) return NOT_HANDLED;
        out.println(Json.writePretty(r.get("agents")));
        return 0;
    }

    /**
     * A command the daemon serves by running the table's handler: it parses the same arguments with the
     * same parser and runs the same handler with this invocation's environment (DISPLAY, I3SOCK, TMUX…
     * are the caller's, not the daemon's: the table's forwarded variables) and terminal.
     */
    private static int served(LaneForm form, String[] args, Map<String, String> env, Path configDir, PrintStream out, PrintStream err) {
        // a form without arguments (the ls table) lets the direct path explain a missing config dir
        if (!form.forwardsArgs() && !Files.isDirectory(configDir)) return NOT_HANDLED;
        Map<String, Object> fields = new LinkedHashMap<>();
        if (form.forwardsArgs()) fields.put("args", Arrays.asList(args).subList(1, args.length));
        else fields.put("tty", System.console() != null);
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String v : CommandTable.FORWARDED_ENV) {
            String val = env.get(v);
            if (val != null && !val.isEmpty()) forwarded.put(v, val);
        }
        fields.put("env", forwarded);
        Duration timeout = form.forwardsArgs() ? Duration.ofSeconds(20) : Duration.ofSeconds(2);
        return printed(DaemonLink.call(env, configDir, form.op(), fields, timeout), out, err);
    }

    /** What the daemon's command printed, printed here; its exit code. */
    private static int printed(Map<String, Object> r, PrintStream out, PrintStream err) {
        if (r == null || !Boolean.TRUE.equals(r.get("ok")) || !(r.get("exit") instanceof Long)) return NOT_HANDLED;
        Object o = r.get("stdout"), e = r.get("stderr");
        if (o instanceof String s && !s.isEmpty()) out.print(s);
        if (e instanceof String s && !s.isEmpty()) err.print(s);
        out.flush();
        err.flush();
        return ((Long) r.get("exit")).intValue();
    }
}
