package dev.fleet.core.daemon;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The daemon's wire protocol, version 1: one JSON object per line each way.
 * A request is {@code {"v":1,"op":…, …}}: one of {@link #DAEMON_OPS} or an op of a command the command
 * table marks as served ({@code switch}, {@code next}, {@code table}: see the daemon module's {@code DaemonServer.OPS});
 * a reply is {@code {"ok":true,"v":1, …}} or {@code {"ok":false,"v":1,"error":{"code":"…","message":"…"}}}.
 * {@code subscribe} replies once, then streams one event object a line ({@code "event":…}).
 */
public final class Protocol {
    private Protocol() {}

    public static final int VERSION = 1;
    /** Requests longer than this (without the newline) are refused and the connection closed. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** The ops the daemon serves itself; the command table's served commands add theirs. */
    public static final Set<String> DAEMON_OPS = Set.of("list", "label", "status", "stop", "subscribe");

    // error codes
    public static final String TOO_LARGE = "too_large";
    public static final String BAD_JSON = "bad_json";
    public static final String BAD_REQUEST = "bad_request";
    public static final String UNSUPPORTED_VERSION = "unsupported_version";
    public static final String UNKNOWN_OP = "unknown_op";
    public static final String NO_MATCH = "no_match";
    public static final String OTHER_CONFIG = "other_config";
    public static final String FORBIDDEN = "forbidden";
    public static final String TIMEOUT = "timeout";
    public static final String BUSY = "busy";
    public static final String INTERNAL = "internal";

    public static Map<String, Object> ok() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.put("v", VERSION);
        return m;
    }

    public static Map<String, Object> error(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("v", VERSION);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        m.put("error", e);
        return m;
    }

    /** A request that cannot be served: becomes an error reply, the connection stays usable. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        public Failure(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }

        public Map<String, Object> reply() {
            return error(code, getMessage());
        }
    }

    /** A required string field; a {@link Failure} when absent or of another type. */
    public static String string(Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (!(v instanceof String)) throw new Failure(BAD_REQUEST, "\"" + key + "\" must be a string");
        return (String) v;
    }

    /** An optional string field (null when absent or null); a {@link Failure} for another type. */
    public static String optString(Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (v == null) return null;
        if (!(v instanceof String)) throw new Failure(BAD_REQUEST, "\"" + key + "\" must be a string");
        return (String) v;
    }

    public static boolean optBool(Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (v == null) return false;
        if (!(v instanceof Boolean)) throw new Failure(BAD_REQUEST, "\"" + key + "\" must be true or false");
        return (Boolean) v;
    }

    /** An optional object of strings (e.g. {@code env}); empty when absent. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> optStrings(Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (v == null) return Map.of();
        if (!(v instanceof Map)) throw new Failure(BAD_REQUEST, "\"" + key + "\" must be an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
            if (!(e.getValue() instanceof String)) throw new Failure(BAD_REQUEST, "\"" + key + "\" must be an object of strings");
            out.put(e.getKey(), (String) e.getValue());
        }
        return out;
    }
}
