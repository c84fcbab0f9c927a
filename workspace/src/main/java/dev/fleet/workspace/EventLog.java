package dev.fleet.workspace;

import dev.fleet.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workspace's history, one JSON object per line ({@code workspace-events.jsonl} beside the state
 * file): what each open/refresh/close did, and which step failed. Appends are single writes of one
 * line, so concurrent fleet processes interleave whole lines.
 */
public final class EventLog {
    private final Path file;

    public EventLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void write(String event, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", System.currentTimeMillis());
        m.put("event", event);
        m.putAll(fields);
        byte[] line = (Json.write(m) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // the log is a record, not a dependency: a full disk must not break open/close
        }
    }
}
