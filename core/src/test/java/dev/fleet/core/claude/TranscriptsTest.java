package dev.fleet.core.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.proc.FakeProc;
import dev.fleet.core.proc.ProcSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted transcript tails, shaped like the lines Claude Code 2.1.330 wrote in a real run (an
 * AskUserQuestion call, its answer, an ExitPlanMode call in plan mode, the metadata lines between).
 */
class TranscriptsTest {
    static final String SID = "bac23944-e13c-4e36-bd74-89e7723d4273";
    static final String CWD = "/tmp/scr.g_1/pr.oj";

    @TempDir
    Path tmp;

    Path cfg;
    Path transcript;
    FakeProc proc;

    @BeforeEach
    void setUp() throws IOException {
        cfg = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        // observed: "/tmp/scr-g-…/pr.oj" is kept under "-tmp-scr-g-…-pr-oj"
        transcript = Files.createDirectories(cfg.resolve("projects/-tmp-scr-g-1-pr-oj")).resolve(SID + ".jsonl");
        proc = new FakeProc(Files.createDirectories(tmp.resolve("proc")));
        proc.add(1, 0, 1, "init");
    }

    // --- lines as Claude Code writes them ---------------------------------------------------------

    static String prompt(String text) {
        return "{\"parentUuid\":null,\"isSidechain\":false,\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\""
                + text + "\"},\"uuid\":\"u1\",\"timestamp\":\"2026-11-30T08:20:33.274Z\",\"sessionId\":\"" + SID + "\"}";
    }

    static String toolUse(String id, String name, String at) {
        String input = name.equals("ExitPlanMode") ? "{\"plan\":\"1. do it\"}"
                : "{\"questions\":[{\"question\":\"Which colour?\",\"header\":\"Colour\",\"options\":[{\"label\":\"Red\",\"description\":\"warm\"}],\"multiSelect\":false}]}";
        return "{\"parentUuid\":\"d6\",\"isSidechain\":false,\"message\":{\"id\":\"msg_09\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-opus-5-5\",\"content\":[{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name
                + "\",\"input\":" + input + "}],\"stop_reason\":\"tool_use\"},\"type\":\"assistant\",\"uuid\":\"a1\",\"timestamp\":\""
                + at + "\",\"sessionId\":\"" + SID + "\"}";
    }

    static String toolResult(String id) {
        return "{\"parentUuid\":\"a1\",\"isSidechain\":false,\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"content\":\"Your questions have been answered: \\\"Which colour?\\\"=\\\"Red\\\".\",\"tool_use_id\":\"" + id + "\"}]},"
                + "\"uuid\":\"u2\",\"timestamp\":\"2026-11-30T08:20:39.366Z\",\"sessionId\":\"" + SID + "\"}";
    }

    static final List<String> META = List.of(
            "{\"type\":\"last-prompt\",\"lastPrompt\":\"please ask\",\"leafUuid\":\"d6\",\"sessionId\":\"" + SID + "\"}",
            "{\"type\":\"mode\",\"mode\":\"normal\",\"sessionId\":\"" + SID + "\"}",
            "{\"type\":\"permission-mode\",\"permissionMode\":\"default\",\"sessionId\":\"" + SID + "\"}",
            "{\"type\":\"tools-used\",\"tools\":[\"AskUserQuestion\"],\"sessionId\":\"" + SID + "\"}");

    static final String AT = "2026-11-30T08:21:37.398Z";

    private void write(String... lines) throws IOException {
        Files.writeString(transcript, String.join("\n", lines) + "\n");
    }

    private static List<String> lines(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) for (Object o : l) out.add((String) o);
            else out.add((String) p);
        }
        return out;
    }

    private void write(List<String> lines) throws IOException {
        write(lines.toArray(String[]::new));
    }

    // --- the scan ----------------------------------------------------------------------------------

    @Test
    void unansweredAskUserQuestionIsAQuestion() throws IOException {
        write(lines(prompt("please ask"), META, toolUse("toolu_1", "AskUserQuestion", AT)));
        Optional<PendingQuestion> p = new Transcripts(cfg).pending(CWD, SID);
        assertTrue(p.isPresent());
        assertEquals("question", p.get().reason());
        assertEquals("toolu_1", p.get().toolUseId());
        assertEquals(Instant.parse(AT).toEpochMilli(), p.get().at());
    }

    @Test
    void answeredQuestionIsNothing() throws IOException {
        write(lines(prompt("please ask"), toolUse("toolu_1", "AskUserQuestion", AT), META, toolResult("toolu_1")));
        assertEquals(Optional.empty(), new Transcripts(cfg).pending(CWD, SID));
    }

    @Test
    void exitPlanModeIsPlanApproval() throws IOException {
        write(lines(prompt("plan it"), toolUse("toolu_2", "ExitPlanMode", AT), META));
        assertEquals("plan approval", new Transcripts(cfg).pending(CWD, SID).orElseThrow().reason());
    }

    @Test
    void otherToolsAndAbandonedQuestionsAreNotQuestions() throws IOException {
        write(lines(prompt("x"), toolUse("toolu_3", "Bash", AT)));
        assertEquals(Optional.empty(), new Transcripts(cfg).pending(CWD, SID), "a Bash call is not a question");
        // the user typed a new prompt instead of answering (Esc, then a prompt)
        write(lines(toolUse("toolu_4", "AskUserQuestion", AT), prompt("never mind")));
        assertEquals(Optional.empty(), new Transcripts(cfg).pending(CWD, SID));
        // an answer to an earlier call does not answer a later one
        write(lines(toolUse("toolu_5", "AskUserQuestion", AT), toolResult("toolu_5"), toolUse("toolu_6", "AskUserQuestion", AT),
                toolResult("toolu_5")));
        assertEquals("toolu_6", new Transcripts(cfg).pending(CWD, SID).orElseThrow().toolUseId());
    }

    @Test
    void malformedLinesAreSkipped() throws IOException {
        write(lines(prompt("please ask"), "not json at all", "{\"type\":\"user\",\"message\":", "[1,2]",
                "{\"type\":\"assistant\",\"message\":{\"content\":\"tool_use\"}}",
                toolUse("toolu_7", "AskUserQuestion", AT), "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_res"));
        // the last line is a half-written answer: the question still stands until it is whole
        assertEquals("toolu_7", new Transcripts(cfg).pending(CWD, SID).orElseThrow().toolUseId());
    }

    @Test
    void aHugeTranscriptIsReadOnlyAtItsTailAndNotAgainWhileUnchanged() throws IOException {
        // 20 MiB of real-sized lines before the question, the first of them a tool_result that must not be seen
        try (OutputStream out = Files.newOutputStream(transcript)) {
            out.write((toolUse("toolu_old", "AskUserQuestion", AT) + "\n").getBytes(StandardCharsets.UTF_8));
            String filler = "{\"type\":\"api-request-shape\",\"sessionId\":\"" + SID + "\",\"shape\":\"" + "x".repeat(43_000) + "\"}\n";
            byte[] f = filler.getBytes(StandardCharsets.UTF_8);
            for (long n = 0; n < 20L << 20; n += f.length) out.write(f);
            out.write((String.join("\n", lines(prompt("please ask"), toolUse("toolu_8", "AskUserQuestion", AT), META)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        long size = Files.size(transcript);
        assertTrue(size > 20L << 20);
        Transcripts t = new Transcripts(cfg);
        assertEquals("toolu_8", t.pending(CWD, SID).orElseThrow().toolUseId());
        assertEquals(Transcripts.TAIL_BYTES, t.bytesRead(), "only the tail is read");

        assertEquals("toolu_8", t.pending(CWD, SID).orElseThrow().toolUseId());
        assertEquals(Transcripts.TAIL_BYTES, t.bytesRead(), "an unchanged file is not read again");
        assertFalse(t.changedSinceRead(CWD, SID));

        Files.writeString(transcript, toolResult("toolu_8") + "\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(transcript, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertTrue(t.changedSinceRead(CWD, SID));
        assertEquals(Optional.empty(), t.pending(CWD, SID));
        assertEquals(2L * Transcripts.TAIL_BYTES, t.bytesRead());
    }

    @Test
    void aLineCutAtTheWindowStartIsSkipped() throws IOException {
        // a window that starts inside the file: its first line may be the end of a longer one, so it is not used
        // even when it parses (here it is a whole tool_use, the worst case: it would be taken for a question)
        byte[] w = (String.join("\n", lines(toolUse("toolu_9", "AskUserQuestion", AT), META)) + "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), TranscriptTail.scan(w, w.length, true));
        assertEquals("toolu_9", TranscriptTail.scan(w, w.length, false).orElseThrow().toolUseId(), "the file's own first line counts");
        // and through the reader: a question line longer than the window is cut, never half-read
        String big = toolUse("toolu_9", "AskUserQuestion", AT).replace("Which colour?", "W".repeat(Transcripts.TAIL_BYTES));
        write(lines(big, META));
        assertEquals(Optional.empty(), new Transcripts(cfg).pending(CWD, SID));
    }

    @Test
    void projectFolderNamesAndTheFallbackSearch() throws IOException {
        assertEquals("-tmp-scr-g-1-pr-oj", Transcripts.projectDirName(CWD));
        assertEquals("-home-me-src-api", Transcripts.projectDirName("/home/me/src/api"));
        // a folder fleet cannot name (Claude Code shortens long cwds) is found by the session id
        Path other = Files.createDirectories(cfg.resolve("projects/-very-long-abc123")).resolve("s2.jsonl");
        Files.writeString(other, toolUse("toolu_10", "ExitPlanMode", AT) + "\n");
        assertEquals("plan approval", new Transcripts(cfg).pending("/x".repeat(200), "s2").orElseThrow().reason());
        assertEquals(Optional.empty(), new Transcripts(cfg).pending("/nowhere", "s3"));
    }

    @Test
    void aProjectFolderMadeAfterALookIsFoundByTheNextLook() throws IOException {
        Path projects = Files.createDirectories(cfg.resolve("projects/-very-long-abc123")).getParent();
        Files.setLastModifiedTime(projects, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Transcripts t = new Transcripts(cfg); // one instance, as the daemon keeps it
        assertEquals(Optional.empty(), t.pending("/x".repeat(200), "s4"));
        assertEquals(Optional.empty(), t.pending("/x".repeat(200), "s4")); // the listing kept
        // Claude Code makes the shortened folder only when the session starts: the next look must see it
        Path late = Files.createDirectories(projects.resolve("-very-long-def456")).resolve("s4.jsonl");
        Files.writeString(late, toolUse("toolu_11", "ExitPlanMode", AT) + "\n");
        assertEquals("plan approval", t.pending("/x".repeat(200), "s4").orElseThrow().reason());
    }

    // --- through discovery: what ls --json shows ---------------------------------------------------

    private static String session(int pid, String status, long since, String waitingFor) {
        return "{\"pid\":" + pid + ",\"sessionId\":\"" + SID + "\",\"cwd\":\"" + CWD + "\",\"startedAt\":1,\"procStart\":\"5\","
                + "\"version\":\"2.1.330\",\"kind\":\"interactive\",\"name\":\"n\",\"status\":\"" + status + "\",\"updatedAt\":" + since
                + ",\"statusUpdatedAt\":" + since + (waitingFor == null ? "" : ",\"waitingFor\":\"" + waitingFor + "\"") + "}";
    }

    private Agent discoverOne(String sessionJson) throws IOException {
        proc.add(700, 1, 5, "claude");
        Files.writeString(cfg.resolve("sessions/700.json"), sessionJson);
        List<Agent> all = new AgentDiscovery(cfg, w -> { throw new AssertionError(w); }, id -> null, java.util.Set.of())
                .discover(ProcSnapshot.read(proc.root()), false);
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void aBusyAgentAskingAQuestionIsWaitingWithItsReason() throws IOException {
        write(lines(prompt("please ask"), toolUse("toolu_1", "AskUserQuestion", AT), META));
        long turnStart = Instant.parse(AT).toEpochMilli() - 900;
        Agent a = discoverOne(session(700, "busy", turnStart, null));
        assertEquals(AgentState.WAITING, a.state());
        assertEquals("question", a.waitingFor());
        assertEquals(Instant.parse(AT).toEpochMilli(), a.stateSince(), "waiting since the call, not the turn's start");
        assertEquals(a.stateSince(), a.waitingSince());
        assertEquals("waiting", a.toJson().get("state"));
        assertEquals("question", a.toJson().get("waiting_for"));
    }

    @Test
    void aBusyAgentWhoseQuestionWasAnsweredIsBusy() throws IOException {
        write(lines(prompt("please ask"), toolUse("toolu_1", "AskUserQuestion", AT), toolResult("toolu_1")));
        Agent a = discoverOne(session(700, "busy", 5, null));
        assertEquals(AgentState.BUSY, a.state());
        assertNull(a.waitingFor());
        assertTrue(a.toJson().containsKey("waiting_for"), "the field is always there (null)");
        assertNull(a.toJson().get("waiting_for"));
    }

    @Test
    void aWaitingAgentGivesTheSessionFilesReasonUnlessItsTranscriptIsMoreExact() throws IOException {
        write(lines(prompt("x"), toolUse("toolu_3", "Bash", AT)));
        assertEquals("permission prompt", discoverOne(session(700, "waiting", 5, "permission prompt")).waitingFor());
        write(lines(prompt("plan it"), toolUse("toolu_2", "ExitPlanMode", AT)));
        Agent plan = discoverOne(session(700, "waiting", 5, "permission prompt"));
        assertEquals("plan approval", plan.waitingFor());
        assertEquals(5, plan.stateSince(), "Claude Code's own waiting time stays");
    }

    @Test
    void anIdleAgentsTranscriptIsNotRead() throws IOException {
        write(lines(prompt("please ask"), toolUse("toolu_1", "AskUserQuestion", AT)));
        proc.add(700, 1, 5, "claude");
        Files.writeString(cfg.resolve("sessions/700.json"), session(700, "idle", 5, null));
        AgentDiscovery d = new AgentDiscovery(cfg, w -> { }, id -> null, java.util.Set.of());
        Agent a = d.discover(ProcSnapshot.read(proc.root()), false).get(0);
        assertEquals(AgentState.IDLE, a.state());
        assertNull(a.waitingFor());
        assertEquals(0, d.transcripts().bytesRead());
    }
}
