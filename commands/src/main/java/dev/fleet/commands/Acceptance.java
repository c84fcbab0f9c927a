package dev.fleet.commands;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.Transcripts;
import dev.fleet.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Whether Claude Code took a message, from Claude Code itself — never from the screen: its session file
 * turns {@code busy} after the send (a turn started), and its transcript gains a user entry holding the
 * text. {@link #before} is taken just before the text is typed; {@link #await} then polls both.
 */
final class Acceptance {
    /** What was seen: a turn started, the transcript holds the message. */
    record Seen(boolean busy, boolean transcript) {
        boolean any() {
            return busy || transcript;
        }
    }

    private static final long POLL_MS = 50;
    /** Once busy is seen, how long to wait for the transcript line as well (it is written right after). */
    private static final long TRANSCRIPT_GRACE_MS = 1500;

    private final Path sessionFile;
    private final Path transcript;
    private final String text;
    private final String statusBefore;
    private final long statusSinceBefore;
    private final long transcriptSizeBefore;

    private Acceptance(Path sessionFile, Path transcript, String text) {
        this.sessionFile = sessionFile;
        this.transcript = transcript;
        this.text = normalize(text);
        Map<String, Object> s = session();
        this.statusBefore = s == null ? null : Json.str(s, "status");
        this.statusSinceBefore = s == null ? 0 : Json.lng(s, "statusUpdatedAt", 0);
        long size = 0;
        try {
            if (transcript != null && Files.isRegularFile(transcript)) size = Files.size(transcript);
        } catch (IOException e) {
            // unreadable now: everything in it counts as new
        }
        this.transcriptSizeBefore = size;
    }

    /** The state of the agent's session file and transcript now, before sending {@code text}. */
    static Acceptance before(Path configDir, Agent agent, String text) {
        Path transcript = agent.sessionId() == null ? null : new Transcripts(configDir).locate(agent.cwd(), agent.sessionId());
        return new Acceptance(configDir.resolve("sessions").resolve(agent.pid() + ".json"), transcript, text);
    }

    /** The session file's {@code status} now (null when unreadable): {@code waiting} at a permission prompt. */
    String statusNow() {
        Map<String, Object> s = session();
        return s == null ? null : Json.str(s, "status");
    }

    /**
     * Polls until the message is seen in the transcript, or busy was seen and the transcript had its
     * grace, or {@code timeoutMs} passed; returns what was seen.
     */
    Seen await(long timeoutMs) throws InterruptedException {
        long start = System.nanoTime();
        long busyAt = -1;
        boolean busy = false;
        while (true) {
            long now = (System.nanoTime() - start) / 1_000_000;
            if (!busy && turnedBusy()) {
                busy = true;
                busyAt = now;
            }
            boolean line = inTranscript();
            if (line || now >= timeoutMs || (busy && now - busyAt >= TRANSCRIPT_GRACE_MS)) return new Seen(busy, line);
            Thread.sleep(POLL_MS);
        }
    }

    /** The session file says busy, and it did not before (or its status changed since: a new turn). */
    private boolean turnedBusy() {
        Map<String, Object> s = session();
        if (s == null || !"busy".equals(Json.str(s, "status"))) return false;
        return !"busy".equals(statusBefore) || Json.lng(s, "statusUpdatedAt", 0) != statusSinceBefore;
    }

    /** A user entry written since {@link #before} whose text is the message (a prompt, not a tool result). */
    private boolean inTranscript() {
        if (transcript == null || !Files.isRegularFile(transcript)) return false;
        String added;
        try (FileChannel ch = FileChannel.open(transcript, StandardOpenOption.READ)) {
            long end = ch.size();
            if (end <= transcriptSizeBefore) return false;
            // the message is near the start of what was added; a bound keeps a huge tool output from costing much
            int n = (int) Math.min(end - transcriptSizeBefore, 4L << 20);
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf, transcriptSizeBefore + buf.position()) > 0) {
                // until read
            }
            added = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false;
        }
        for (String line : added.split("\n")) {
            if (!line.contains("\"user\"")) continue;
            Map<String, Object> e;
            try {
                e = Json.parseObject(line);
            } catch (RuntimeException ex) {
                continue; // a line being written
            }
            if (!"user".equals(Json.str(e, "type")) || Json.bool(e, "isMeta", false)) continue;
            Map<String, Object> msg = Json.obj(e, "message");
            String said = msg == null ? null : userText(msg.get("content"));
            if (said != null && normalize(said).contains(text)) return true;
        }
        return false;
    }

    /** The text of a user message's content: a string, or its text blocks joined. */
    private static String userText(Object content) {
        if (content instanceof String s) return s;
        if (!(content instanceof List<?> blocks)) return null;
        StringBuilder b = new StringBuilder();
        for (Object o : blocks) {
            if (o instanceof Map<?, ?> m && "text".equals(m.get("type")) && m.get("text") instanceof String t) b.append(t);
        }
        return b.toString();
    }

    /**
     * The text with every run of white space as one space: Claude Code stores a pasted tab as spaces
     * (2.1.330: four) and trims the edges, so only the words and their order must match.
     */
    private static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private Map<String, Object> session() {
        try {
            return Json.parseObject(Files.readAllBytes(sessionFile));
        } catch (IOException | RuntimeException e) {
            return null; // being rewritten, or gone
        }
    }
}
