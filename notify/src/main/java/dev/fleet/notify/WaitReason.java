package dev.fleet.notify;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.Transcripts;
import dev.fleet.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Why an agent waits, for a notification's body. Claude Code's session file says only {@code waiting};
 * the tool it waits on is the last entry of its transcript (found and read by core's {@code Transcripts}:
 * the file's last 64 KiB only, once per wait): an assistant message ending in a {@code tool_use} with no
 * result yet. Anything unreadable: "waiting for you".
 */
final class WaitReason {
    static final String DEFAULT = "waiting for you";
    private static final int TAIL = 64 * 1024;
    private static final int MAX = 120;

    private WaitReason() {
    }

    /**
     * Another host's agent: its transcript is there, so what that host's fleet said ({@code waiting_for}:
     * "question", "plan approval", or the session file's own reason such as "permission prompt").
     */
    static String remote(String waitingFor) {
        if (waitingFor == null || waitingFor.isBlank()) return DEFAULT;
        return switch (waitingFor) {
            case "question" -> "asks you a question";
            case "plan approval" -> "asks to approve its plan";
            default -> cut("waits on a " + waitingFor.strip().replace('\n', ' '));
        };
    }

    static String of(Agent a, Path claudeConfigDir) {
        return of(a, claudeConfigDir, 0);
    }

    /**
     * As {@link #of(Agent, Path)}, reading again for up to {@code patienceMillis} while the transcript
     * tells no reason: Claude Code marks its session {@code waiting} a moment before it writes the tool
     * call it waits on to the transcript (observed with 2.1.330: ~100 ms later; the session file then
     * says only {@code waitingFor: "permission prompt"}). For a wait that just began; an agent with no
     * transcript at all is not waited for.
     */
    static String of(Agent a, Path claudeConfigDir, long patienceMillis) {
        if (a.cwd() == null || a.sessionId() == null || claudeConfigDir == null) return DEFAULT;
        try {
            Path f = new Transcripts(claudeConfigDir).locate(a.cwd(), a.sessionId());
            return f == null ? DEFAULT : settle(f, patienceMillis);
        } catch (IOException | RuntimeException e) {
            return DEFAULT;
        }
    }

    /** The reason in transcript {@code f}, read every 50 ms for up to {@code patienceMillis} until it tells one. */
    static String settle(Path f, long patienceMillis) throws IOException {
        long end = System.nanoTime() + patienceMillis * 1_000_000;
        while (true) {
            String why = fromTail(Transcripts.tailText(f));
            if (!DEFAULT.equals(why) || System.nanoTime() >= end) return why;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return why;
            }
        }
    }

    /** The Claude config dir of the daemon's environment ({@code CLAUDE_CONFIG_DIR}, else {@code ~/.claude}). */
    static Path configDir(Map<String, String> env) {
        String d = env.get("CLAUDE_CONFIG_DIR");
        if (d != null && !d.isBlank()) return Path.of(d);
        String home = env.get("HOME");
        return home == null || home.isBlank() ? null : Path.of(home, ".claude");
    }

    /** The reason in the transcript's tail: its last complete entry, when that is an unanswered tool call. */
    static String fromTail(String text) {
        String[] lines = text.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            Map<String, Object> e;
            try {
                e = Json.parseObject(line);
            } catch (RuntimeException partial) {
                continue; // the first line of the tail is cut, or a write is under way
            }
            String type = Json.str(e, "type");
            if ("assistant".equals(type)) return fromAssistant(Json.obj(e, "message"));
            if ("user".equals(type)) return DEFAULT; // the last tool call was answered
        }
        return DEFAULT;
    }

    private static String fromAssistant(Map<String, Object> message) {
        if (message == null) return DEFAULT;
        List<Object> content = Json.arr(message, "content");
        if (content == null) return DEFAULT;
        for (int i = content.size() - 1; i >= 0; i--) {
            if (!(content.get(i) instanceof Map<?, ?> raw)) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> block = (Map<String, Object>) raw;
            if (!"tool_use".equals(Json.str(block, "type"))) continue;
            return forTool(Json.str(block, "name"), Json.obj(block, "input"));
        }
        return DEFAULT;
    }

    private static String forTool(String tool, Map<String, Object> input) {
        if (tool == null) return DEFAULT;
        if (tool.equals("ExitPlanMode")) return "asks to approve its plan";
        if (tool.equals("AskUserQuestion") && input != null) {
            List<Object> qs = Json.arr(input, "questions");
            if (qs != null && !qs.isEmpty() && qs.get(0) instanceof Map<?, ?> q && q.get("question") instanceof String s) {
                return cut("asks: " + s);
            }
            return "asks you a question";
        }
        String detail = null;
        if (input != null) {
            for (String k : List.of("command", "file_path", "path", "url", "pattern")) {
                if (input.get(k) instanceof String s && !s.isBlank()) {
                    detail = s;
                    break;
                }
            }
        }
        return cut("permission for " + tool + (detail == null ? "" : ": " + detail.strip().replace('\n', ' ')));
    }

    private static String cut(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }
}
