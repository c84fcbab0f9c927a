package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet ls} as a process: bad input, empty states, exit codes. */
class LsCommandIT {
    @TempDir
    Path tmp;

    private Map<String, String> env(Path configDir) {
        Map<String, String> e = new HashMap<>();
        e.put("CLAUDE_CONFIG_DIR", configDir.toString());
        e.put("HOME", tmp.toString());
        e.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString());
        return e;
    }

    @Test
    void malformedFileGivesOneWarningAndTheOthersAreListed() throws Exception {
        Path sessions = Files.createDirectories(tmp.resolve("claude/sessions"));
        Process p = new ProcessBuilder("sleep", "1000").start();
        try {
            long start = ProcSnapshot.readStat(Path.of("/proc"), (int) p.pid()).orElseThrow().startTicks();
            Files.writeString(sessions.resolve(p.pid() + ".json"), "{\"pid\":" + p.pid()
                    + ",\"sessionId\":\"s-good\",\"cwd\":\"/tmp\",\"procStart\":\"" + start
                    + "\",\"status\":\"waiting\",\"statusUpdatedAt\":" + System.currentTimeMillis() + ",\"name\":\"good-one\"}");
            Files.writeString(sessions.resolve("999999.json"), "{not json");
            Exec.Result r = FleetProcess.run(env(tmp.resolve("claude")), "ls");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("good-one") && r.out().contains("waiting"), r.out());
            List<String> errLines = r.err().lines().toList();
            assertEquals(1, errLines.size(), r.err());
            assertTrue(errLines.get(0).startsWith("fleet: warning: skipping ") && errLines.get(0).contains("999999.json"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());

            Exec.Result j = FleetProcess.run(env(tmp.resolve("claude")), "ls", "--json");
            List<?> arr = (List<?>) Json.parse(j.out());
            assertEquals(1, arr.size());
            assertEquals((long) p.pid(), ((Map<?, ?>) arr.get(0)).get("pid"));
        } finally {
            p.destroy();
        }
    }

    @Test
    void missingConfigDirListsNothingAndSaysWhere() {
        Exec.Result r = FleetProcess.run(env(tmp.resolve("nowhere")), "ls", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of(), Json.parse(r.out()));
        assertTrue(r.err().contains("no Claude Code config dir at " + tmp.resolve("nowhere")), r.err());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        Exec.Result r = FleetProcess.run(env(tmp), "ls", "--no-such-flag");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("fleet: Unknown option: '--no-such-flag'"), r.err());
        Exec.Result h = FleetProcess.run(env(tmp), "ls", "--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("--tmux-socket"), h.out());
    }
}
