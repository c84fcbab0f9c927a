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
        switch (args[0]) {
            case "ls": return list(args, env, configDir, out);
            case "switch":
            case "next": return focus(args, env, configDir, out, err);
            default: return NOT_HANDLED;
        }
    }

    /** Only the plain {@code ls --json}: other options (--all, --tmux-socket, -v) need the direct scan. */
    private static int list(String[] args, Map<String, String> env, Path configDir, PrintStream out) {
        if (args.length != 2 || !args[1].equals("--json")) return NOT_HANDLED;
        if (!Files.isDirectory(configDir)) return NOT_HANDLED; // the direct path explains that case
        Map<String, Object> r = DaemonLink.call(env, configDir, "list", Map.of(), Duration.ofSeconds(2));
        if (r == null || !Boolean.TRUE.equals(r.get("ok")) || !(r.get("agents") instanceof List)) return NOT_HANDLED;
        out.println(Json.writePretty(r.get("agents")));
        return 0;
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
        Map<String, Object> r = DaemonLink.call(env, configDir, args[0], fields, Duration.ofSeconds(20));
        if (r == null || !Boolean.TRUE.equals(r.get("ok")) || !(r.get("exit") instanceof Long)) return NOT_HANDLED;
        Object o = r.get("stdout"), e = r.get("stderr");
        if (o instanceof String s && !s.isEmpty()) out.print(s);
        if (e instanceof String s && !s.isEmpty()) err.print(s);
        out.flush();
        err.flush();
        return ((Long) r.get("exit")).intValue();
    }
}
