package dev.fleet.web.server;

import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.SocketPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's socket, as the web server uses it: one connection per call (a {@link DaemonClient} is not
 * thread-safe, and a call is cheap on a Unix socket), the caller's variables forwarded so the served
 * commands act on this session (its tmux, its display), and the config dir so another user's daemon of
 * another Claude config is never asked.
 */
final class Daemon {
    /** A served command's answer: its exit code and what it printed. */
    record Result(int exit, String stdout, String stderr) {}

    private final Path socket;
    private final String configDir;
    private final Map<String, String> env;

    Daemon(Path socket, String configDir, Map<String, String> env) {
        this.socket = socket;
        this.configDir = configDir;
        this.env = env;
    }

    static Daemon of(Map<String, String> env, List<String> forwarded) {
        Map<String, String> fwd = new LinkedHashMap<>();
        for (String k : forwarded) if (env.get(k) != null) fwd.put(k, env.get(k));
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String cfg = env.get("CLAUDE_CONFIG_DIR");
        return new Daemon(SocketPaths.socket(env), cfg != null && !cfg.isEmpty() ? cfg : Path.of(home, ".claude").toString(), fwd);
    }

    Path socket() {
        return socket;
    }

    DaemonClient connect() throws IOException {
        return DaemonClient.connect(socket);
    }

    /** An op of the daemon itself ({@code list}); throws with the daemon's message on an error reply. */
    Map<String, Object> call(String op, Duration timeout) throws IOException {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("v", 1);
        req.put("op", op);
        req.put("config_dir", configDir);
        try (DaemonClient c = connect()) {
            return ok(c.call(req, timeout));
        }
    }

    /** A served command ({@code peek}, {@code send}, {@code switch}) with these arguments, as data. */
    Result run(String op, List<String> args, Duration timeout) throws IOException {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("v", 1);
        req.put("op", op);
        req.put("args", args);
        req.put("env", env);
        req.put("config_dir", configDir);
        Map<String, Object> r;
        try (DaemonClient c = connect()) {
            r = ok(c.call(req, timeout));
        }
        Object exit = r.get("exit");
        return new Result(exit instanceof Number n ? n.intValue() : 5, String.valueOf(r.getOrDefault("stdout", "")),
                String.valueOf(r.getOrDefault("stderr", "")));
    }

    private static Map<String, Object> ok(Map<String, Object> reply) throws IOException {
        if (Boolean.TRUE.equals(reply.get("ok"))) return reply;
        Object err = reply.get("error");
        String msg = err instanceof Map<?, ?> m ? m.get("code") + ": " + m.get("message") : String.valueOf(reply);
        throw new IOException("the daemon answered " + msg);
    }
}
