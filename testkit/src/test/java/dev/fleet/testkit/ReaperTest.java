package dev.fleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testguard.Reaper;
import dev.fleet.testguard.SuiteGuard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test JVM killed hard (as surefire's fork timeout does) still takes its fixtures with it. */
class ReaperTest {
    /** The child JVM: starts a tmux server (it detaches itself) and a registered process, prints their pids, waits. */
    public static void main(String[] args) throws Exception {
        TmuxServer tmux = TmuxServer.named();
        tmux.newSession("reaped", null, "sleep", "600");
        String server = tmux.display("reaped", "#{pid}");
        Process registered = new ProcessBuilder("setsid", "sleep", "600")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Reaper.register(registered);
        System.out.println("pids " + server + " " + registered.pid());
        System.out.flush();
        Thread.sleep(600_000);
    }

    @Test
    void fixturesOfAJvmKilledWithSigkillAreEndedWithinSeconds(@TempDir Path dir) throws Exception {
        Require.tool("tmux");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-D" + SuiteGuard.DIR_PROPERTY + "=" + dir,
                ReaperTest.class.getName());
        pb.environment().put(Reaper.MARK, "reaper-test-" + UUID.randomUUID());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        List<ProcessHandle> fixtures = new ArrayList<>();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null && !line.startsWith("pids ")) {
                // the child's own chatter
            }
            assertTrue(line != null, "the child JVM printed no pids");
            String[] f = line.split(" ");
            for (int i = 1; i < f.length; i++) fixtures.add(ProcessHandle.of(Long.parseLong(f[i])).orElseThrow());
            for (ProcessHandle h : fixtures) assertTrue(h.isAlive(), "pid " + h.pid() + " runs before the kill");

            assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor());

            long deadline = System.nanoTime() + 8_000_000_000L;
            while (fixtures.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(100);
            for (ProcessHandle h : fixtures) {
                assertFalse(h.isAlive(), "pid " + h.pid() + " (" + h.info().commandLine().orElse("?")
                        + ") still runs 8 s after its JVM was killed");
            }
        } finally {
            child.destroyForcibly();
            for (ProcessHandle h : fixtures) h.destroyForcibly();
        }
    }
}
