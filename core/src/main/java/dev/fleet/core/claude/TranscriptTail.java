package dev.fleet.core.claude;

import dev.fleet.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scans the last lines of a transcript for an AskUserQuestion / ExitPlanMode call without a result.
 * Entries are read in order: an assistant {@code tool_use} of those tools opens a question, a user
 * {@code tool_result} with its id answers it, and a new prompt from the user (a user entry with no tool
 * result) drops whatever was open (the question was abandoned). Lines that are not JSON — the one cut at
 * the window's start, one being written at the end, garbage — are skipped.
 */
final class TranscriptTail {
    private TranscriptTail() {}

    /**
     * @param window    bytes from the end of the file
     * @param len       how many of them are valid
     * @param cutAtStart the window starts inside the file: its first (partial) line is skipped
     */
    static Optional<PendingQuestion> scan(byte[] window, int len, boolean cutAtStart) {
        int start = 0;
        if (cutAtStart) {
            while (start < len && window[start] != '\n') start++;
            start++; // past the newline (or past the end: no whole line in the window)
        }
        if (start >= len) return Optional.empty();
        return scan(new String(window, start, len - start, StandardCharsets.UTF_8));
    }

    /** Scans whole lines of JSONL text. */
    static Optional<PendingQuestion> scan(String text) {
        Map<String, PendingQuestion> open = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            // cheap filter first: most lines (attachments, API request records) are neither, and some are 40 KiB
            if (!line.contains("tool_use") && !line.contains("\"user\"")) continue;
            Map<String, Object> e;
            try {
                e = Json.parseObject(line);
            } catch (RuntimeException ex) {
                continue;
            }
            String type = Json.str(e, "type");
            Map<String, Object> msg = Json.obj(e, "message");
            if (msg == null) continue;
            Object content = msg.get("content");
            if ("assistant".equals(type)) {
                for (Map<String, Object> b : blocks(content)) {
                    if ("tool_use".equals(b.get("type")) && b.get("id") instanceof String id
                            && b.get("name") instanceof String name && PendingQuestion.waitsForUser(name)) {
                        open.remove(id);
                        open.put(id, new PendingQuestion(name, id, millis(Json.str(e, "timestamp"))));
                    }
                }
            } else if ("user".equals(type)) {
                boolean answered = false;
                for (Map<String, Object> b : blocks(content)) {
                    if ("tool_result".equals(b.get("type"))) {
                        answered = true;
                        if (b.get("tool_use_id") instanceof String id) open.remove(id);
                    }
                }
                if (!answered && !Json.bool(e, "isMeta", false)) open.clear(); // the user typed a new prompt
            }
        }
        PendingQuestion last = null;
        for (PendingQuestion p : open.values()) last = p;
        return Optional.ofNullable(last);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> blocks(Object content) {
        if (!(content instanceof List<?> l)) return List.of();
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Object o : l) if (o instanceof Map) out.add((Map<String, Object>) o);
        return out;
    }

    private static long millis(String iso) {
        if (iso == null) return 0;
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
