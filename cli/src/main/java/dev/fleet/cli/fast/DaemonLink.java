package dev.fleet.cli.fast;

import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.SocketPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's side of the daemon socket: connect if a daemon answers, tag each request with the Claude
 * config dir this invocation means (a daemon watching another one answers {@code other_config} and the
 * caller falls back). JDK + jackson-core only: this is on the hotkey path.
 */
public final class DaemonLink {
    private DaemonLink() {}

    /** The daemon's reply, or null when no daemon answers (no socket, a stale one, a timeout). */
    public static Map<String, Object> call(Map<String, String> env, Path configDir, String op, Map<String, Object> fields,
            Duration timeout) {
        if ("1".equals(env.get("FLEET_NO_DAEMON"))) return null;
        Path sock = SocketPaths.socket(env);
        try (DaemonClient c = DaemonClient.connect(sock)) {
            Map<String, Object> req = new LinkedHashMap<>();
            req.put("v", 1);
            req.put("op", op);
            req.put("config_dir", configDir.toString());
            req.putAll(fields);
            return c.call(req, timeout);
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
