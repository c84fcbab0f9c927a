package dev.fleet.core.claude;

import dev.fleet.core.json.Json;
import java.util.Map;

/**
 * The fields fleet reads from Claude Code's {@code sessions/<pid>.json} (2.1.x). Unknown fields are
 * ignored; optional ones may be missing (null / 0).
 */
public record SessionFile(
        int pid,
        String sessionId,
        String cwd,
        String procStart,
        String status,
        long statusUpdatedAt,
        long updatedAt,
        long startedAt,
        String name,
        String nameSource,
        String version,
        String kind,
        String waitingFor) {

    /** Builds from a parsed object; {@code fallbackPid} comes from the file name when {@code pid} is absent. */
    public static SessionFile from(Map<String, Object> m, int fallbackPid) {
        long pid = Json.lng(m, "pid", fallbackPid);
        Object ps = m.get("procStart");
        String procStart = ps == null ? null : String.valueOf(ps);
        long updated = Json.lng(m, "updatedAt", 0);
        return new SessionFile(
                (int) pid,
                Json.str(m, "sessionId"),
                Json.str(m, "cwd"),
                procStart,
                Json.str(m, "status"),
                Json.lng(m, "statusUpdatedAt", updated),
                updated,
                Json.lng(m, "startedAt", 0),
                Json.str(m, "name"),
                Json.str(m, "nameSource"),
                Json.str(m, "version"),
                Json.str(m, "kind"),
                // 2.1.330 writes it while waiting: "permission prompt", "input needed"
                Json.str(m, "waitingFor"));
    }
}
