package dev.fleet.testguard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-of-run check finds what a test left running, and ends it. */
class SuiteGuardTest {
    @Test
    void aProcessLeftRunningIsReportedAndKilled() throws Exception {
        Process p = new ProcessBuilder("setsid", "sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Reaper.register(p);
        List<String> leaks = new SuiteGuard().leakedProcesses();
        assertTrue(leaks.stream().anyMatch(l -> l.contains("process left running: " + p.pid() + " sleep 600")), leaks.toString());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(p.isAlive(), "the leaked process was ended");
        assertTrue(new SuiteGuard().leakedProcesses().isEmpty(), "nothing left after the check");
    }

    @Test
    void aTmpEntryAProcessOfOursUsedIsOursAnotherIsNot() throws Exception {
        Path mine = Files.createTempDirectory(Path.of("/tmp"), "fleet-guard-test-");
        Path other = Files.createTempDirectory(Path.of("/tmp"), "fleet-guard-other-");
        SuiteGuard g = new SuiteGuard();
        Process p = new ProcessBuilder("sleep", "600").directory(mine.toFile()).start();
        g.startSampling();
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!g.plausiblyOurs(mine) && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(g.plausiblyOurs(mine), "a dir our process ran in");
            assertFalse(g.plausiblyOurs(other), "a dir none of ours touched");
        } finally {
            g.stopSampling();
            p.destroyForcibly().waitFor();
            Files.delete(mine);
            Files.delete(other);
        }
    }

    @Test
    void anI3ErrorlogOfAnotherRunIsNotOurs() throws Exception {
        Path d = Files.createTempDirectory(Path.of("/tmp"), "i3-fleet-guard-test.");
        try {
            Files.writeString(d.resolve("errorlog.999999999"), "not ours");
            assertFalse(new SuiteGuard().plausiblyOurs(d));
        } finally {
            Files.deleteIfExists(d.resolve("errorlog.999999999"));
            Files.deleteIfExists(d);
        }
    }
}
