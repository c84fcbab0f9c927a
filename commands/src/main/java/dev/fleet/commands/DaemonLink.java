package dev.fleet.commands;

import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.DaemonLiveness;
import dev.fleet.core.daemon.SocketPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The CLI's side of the daemon socket: connect if a daemon answers, tag each request with the Claude
 * config dir this invocation means (a daemon watching another one answers {@code other_config} and the
 * caller falls back). A daemon that is not there or cannot answer (killed, SIGSTOPped: see
 * {@link DaemonLiveness}) is seen before connecting and while waiting, so it costs a moment. With
 * {@code FLEET_DAEMON_REQUIRED=1} every hand-over to the direct path is an error instead
 * ({@link NotServed}): tests prove with it that the daemon did the work. JDK + jackson-core only: this
 * is on the hotkey path.
 */
public final class DaemonLink {
    private DaemonLink() {}

    /** The daemon did not serve a request while FLEET_DAEMON_REQUIRED=1: exit 5 with this one line. */
    public static final class NotServed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotServed(String why) {
            super("the daemon did not serve this request: " + why);
        }
    }

    public static boolean required(Map<String, String> env) {
        return "1".equals(env.get("FLEET_DAEMON_REQUIRED"));
    }

    /** Hands over to the direct path, or, with FLEET_DAEMON_REQUIRED=1, refuses to. */
    public static void handOver(Map<String, String> env, String why) {
        if (required(env)) throw new NotServed(why);
    }

    /**
     * The daemon's reply, or null when no daemon answers (no socket, a stale one, a stopped one, a
     * timeout). With FLEET_DAEMON_REQUIRED=1 it throws {@link NotServed} instead of returning null or a
     * reply the caller would fall back on.
     */
    public static Map<String, Object> call(Map<String, String> env, Path configDir, String op, Map<String, Object> fields,
            Duration timeout) {
        if ("1".equals(env.get("FLEET_NO_DAEMON"))) {
            handOver(env, "FLEET_NO_DAEMON=1 is set");
            return null;
        }
        Path dir = SocketPaths.dir(env);
        String why = reachable(dir);
        if (why != null) {
            handOver(env, why);
            return null;
        }
        Path sock = SocketPaths.socket(env);
        Map<String, Object> reply;
        try (DaemonClient c = DaemonClient.connect(sock)) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("v", 1);
            req.put("op", op);
            req.put("config_dir", configDir.toString());
            req.putAll(fields);
            reply = c.watching(DaemonLiveness.watcher(dir)).call(req, timeout);
        } catch (IOException | RuntimeException e) {
            handOver(env, op + " on " + sock + ": " + e.getMessage());
            return null;
        }
        if (fallBack(reply)) handOver(env, op + ": the daemon answered: " + message(reply));
        return reply;
    }

    /** Null when a daemon in {@code dir} can be asked; else why not (no wait: nothing is sent). */
    static String reachable(Path dir) {
        if (!Files.exists(dir)) return "no fleet daemon runs (" + dir + " does not exist)";
        String unsafe = SocketPaths.unsafe(dir);
        if (unsafe != null) return "not trusting the runtime directory: " + unsafe;
        if (Files.isSymbolicLink(dir.resolve("fleet.sock"))) return dir.resolve("fleet.sock") + " is a symlink";
        OptionalLong pid = DaemonLiveness.holder(dir);
        if (pid.isEmpty()) return "no fleet daemon runs (no process holds " + DaemonLiveness.lockFile(dir) + ")";
        if (DaemonLiveness.stopped(pid.getAsLong())) return "the fleet daemon (pid " + pid.getAsLong() + ") is stopped and cannot answer";
        return null;
    }

    /** True for a reply the caller should not use: it means "ask the direct path instead". */
    public static boolean fallBack(Map<String, Object> reply) {
        if (reply == null) return true;
        if (Boolean.TRUE.equals(reply.get("ok"))) return false;
        Object e = reply.get("error");
        Object code = e instanceof Map ? ((Map<?, ?>) e).get("code") : null;
        // errors about the request itself are the daemon's answer; the rest mean "this daemon cannot serve it"
        return !"no_match".equals(code) && !"bad_request".equals(code);
    }

    /** The error message of a failed reply. */
    public static String message(Map<String, Object> reply) {
        Object e = reply.get("error");
        Object m = e instanceof Map ? ((Map<?, ?>) e).get("message") : null;
        return m == null ? "the daemon failed" : m.toString();
    }
}
