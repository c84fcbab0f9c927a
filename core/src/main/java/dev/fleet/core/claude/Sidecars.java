package dev.fleet.core.claude;

import dev.fleet.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The optional per-session sidecars of the seed design: {@code goals/<id>.json} (goal, phase, role,
 * rename) and {@code runtime/<id>.json} (ctx_pct). Absent or malformed sidecars are simply absent:
 * they are decoration, not worth a warning each time.
 */
final class Sidecars {
    private Sidecars() {}

    static Goal goal(Path configDir, String sessionId) {
        Map<String, Object> m = read(configDir.resolve("goals").resolve(sessionId + ".json"));
        if (m == null) return null;
        return new Goal(Json.str(m, "goal"), Json.str(m, "phase"), Json.str(m, "role"), Json.str(m, "rename"));
    }

    static Integer ctxPct(Path configDir, String sessionId) {
        Map<String, Object> m = read(configDir.resolve("runtime").resolve(sessionId + ".json"));
        if (m == null) return null;
        long v = Json.lng(m, "ctx_pct", -1);
        return v < 0 || v > 100 ? null : (int) v;
    }

    private static Map<String, Object> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 65536) return null;
            return Json.parseObject(Files.readAllBytes(file));
        } catch (Exception e) {
            return null;
        }
    }
}
