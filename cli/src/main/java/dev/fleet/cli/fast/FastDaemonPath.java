package dev.fleet.cli.fast;

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
 * {@code fleet switch}, {@code fleet next} and {@code fleet ls --json} through the daemon, when one
 * answers: a few JDK classes and jackson-core's streaming API, no picocli, no jackson-databind (see
 * {@code FastPathClassesIT}). Returns -1 whenever the direct path should run instead (no daemon, a
 * form it does not take, a daemon that cannot serve it); output and exit codes are the direct path's,
 * because the daemon runs the same command code and sends back what it printed.
 */
public final class FastDaemonPath {
    private FastDaemonPath() {}

    public static final int NOT_HANDLED = -1;

    /** @param configDir the Claude config dir this invocation means (as {@code Settings} resolves it) */
    public static int run(String[] args, Map<String, String> env, Path configDir, PrintStream out, PrintStream err) {
        if (args.length == 0) return NOT_HANDLED;
        int r;
        switch (args[0]) {
            case "ls": r = list(args, env, configDir, out, err); break;
            case "switch":
            case "next": r = focus(args, env, configDir, out, err); break;
            default: return NOT_HANDLED;
        }
        if (r == NOT_HANDLED) DaemonLink.handOver(env, "'" + args[0] + "' in this form is not served by the daemon");
        return r;
    }

    /**
     * Only the plain {@code ls} and {@code ls --json}: other options (--all, --tmux-socket, -v) need the
     * direct scan.
     */
    private static int list(String[] args, Map<String, String> env, Path configDir, PrintStream out, PrintStream err) {
        if (args.length == 1) return table(env, configDir, out, err);
        if (args.length != 2 || !args[1].equals("--json")) return NOT_HANDLED;
        if (!Files.isDirectory(configDir)) return NOT_HANDLED; // the direct path explains that case
        Map<String, Object> r = DaemonLink.call(env, configDir, "list", Map.of(), Duration.ofSeconds(2));
        if (r == null || !Boolean.TRUE.equals(r.get("ok")) || !(r.get("agents") instanceof List)) return NOT_HANDLED;
        out.println(Json.writePretty(r.get("agents")));
        return 0;
    }

    /** The {@code ls} table, as the launcher's lane asks for it: rendered by the daemon for this terminal. */
    private static int table(Map<String, String> env, Path configDir, PrintStream out, PrintStream err) {
        if (!Files.isDirectory(configDir)) return NOT_HANDLED;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tty", System.console() != null);
        fields.put("env", new LinkedHashMap<>(env));
        return printed(DaemonLink.call(env, configDir, "table", fields, Duration.ofSeconds(2)), out, err);
    }

    /**
     * The daemon parses the same arguments with the same parser and runs the same command with this
     * invocation's environment (DISPLAY, I3SOCK, TMUX… are the caller's, not the daemon's).
     */
    private static int focus(String[] args, Map<String, String> env, Path configDir, PrintStream out, PrintStream err) {
        for (String a : args) if (a.equals("--help") || a.equals("-h")) return NOT_HANDLED;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("args", Arrays.asList(args).subList(1, args.length));
        fields.put("env", new LinkedHashMap<>(env));
        return printed(DaemonLink.call(env, configDir, args[0], fields, Duration.ofSeconds(20)), out, err);
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
