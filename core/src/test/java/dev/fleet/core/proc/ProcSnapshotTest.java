package dev.fleet.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcSnapshotTest {
    @TempDir
    Path tmp;

    @Test
    void ancestryWalksParentsInnermostFirst() {
        FakeProc fp = new FakeProc(tmp).add(1, 0, 1, "init").add(100, 1, 5, "tmux: server")
                .add(200, 100, 6, "bash").add(300, 200, 7, "claude");
        ProcSnapshot s = ProcSnapshot.read(tmp);
        assertEquals(List.of(300, 200, 100, 1), s.ancestry(300));
        assertEquals(4, s.size());
    }

    @Test
    void processVanishedMidWalkEndsTheChainThere() {
        // 200's parent 150 exited before the snapshot: the walk stops instead of failing.
        new FakeProc(tmp).add(1, 0, 1, "init").add(200, 150, 6, "bash").add(300, 200, 7, "claude");
        ProcSnapshot s = ProcSnapshot.read(tmp);
        assertEquals(List.of(300, 200), s.ancestry(300));
        assertEquals(List.of(), s.ancestry(999));
    }

    @Test
    void parentExitingBetweenReadsEndsTheChainWithoutError() throws Exception {
        new FakeProc(tmp).add(1, 0, 1, "init").add(100, 1, 5, "sh").add(200, 100, 6, "claude");
        ProcSnapshot s = ProcSnapshot.read(tmp);
        assertTrue(s.contains(200)); // the agent is read first...
        try (var files = Files.walk(tmp.resolve("100"))) { // ...then its parent exits
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertEquals(List.of(200), s.ancestry(200));
    }

    @Test
    void cycleInACorruptTreeTerminates() {
        new FakeProc(tmp).add(10, 11, 1, "a").add(11, 10, 1, "b");
        assertEquals(List.of(10, 11), ProcSnapshot.read(tmp).ancestry(10));
    }

    @Test
    void nonNumericEntriesAndBrokenStatFilesAreIgnored() throws Exception {
        new FakeProc(tmp).add(5, 1, 1, "ok");
        Files.createDirectories(tmp.resolve("self"));
        Files.createDirectories(tmp.resolve("77"));
        Files.writeString(tmp.resolve("77/stat"), "77 (broken");
        ProcSnapshot s = ProcSnapshot.read(tmp);
        assertEquals(1, s.size());
        assertTrue(s.contains(5));
    }

    @Test
    void environReturnsOnlyTheAskedVariables() {
        new FakeProc(tmp).add(5, 1, 1, "claude").environ(5, Map.of("KITTY_PID", "42", "SECRET", "x", "EMPTY", ""));
        Map<String, String> env = ProcSnapshot.read(tmp).environ(5, Set.of("KITTY_PID", "EMPTY", "DISPLAY"));
        assertEquals(Map.of("KITTY_PID", "42", "EMPTY", ""), env);
        assertEquals(Map.of(), ProcSnapshot.read(tmp).environ(6, Set.of("KITTY_PID")));
    }

    @Test
    void readsTheRealProc() {
        ProcSnapshot s = ProcSnapshot.read(Path.of("/proc"));
        int me = (int) ProcessHandle.current().pid();
        assertTrue(s.contains(me));
        assertEquals((int) ProcessHandle.current().parent().orElseThrow().pid(), s.get(me).orElseThrow().ppid());
    }
}
