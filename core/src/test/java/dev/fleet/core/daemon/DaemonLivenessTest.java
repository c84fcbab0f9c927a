package dev.fleet.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.core.exec.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a client finds the daemon without asking it: the FIFO a running daemon announces itself with,
 * checked against the process it names (a real FIFO, real processes: a live one, a dead one, another one
 * under the announced pid); the lock in /proc/locks when no FIFO names one.
 */
class DaemonLivenessTest {
    @TempDir
    Path dir;

    private Path fifo(long pid, long ticks) throws IOException {
        Path f = dir.resolve("fleet." + pid + "." + ticks + ".fifo");
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("mkfifo", "-m", "600", f.toString()));
        assertEquals(0, r.exit(), r.err());
        return f;
    }

    @Test
    void aFifoNamingALiveProcessAtItsStartTickIsTheDaemon() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        try {
            long ticks = DaemonLiveness.startTicks(p.pid());
            Path f = fifo(p.pid(), ticks);
            assertEquals(OptionalLong.of(p.pid()), DaemonLiveness.holder(dir));

            // SIGSTOP: still there (the state check says it cannot answer)
            new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!DaemonLiveness.stopped(p.pid()) && System.nanoTime() < deadline) Thread.sleep(10); // the signal lands a moment later
            assertEquals(OptionalLong.of(p.pid()), DaemonLiveness.holder(dir));
            assertEquals(DaemonLiveness.State.STOPPED, DaemonLiveness.state(dir));
            new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();

            // the same pid at another start time is another process: not the daemon
            Files.delete(f);
            fifo(p.pid(), ticks + 1);
            assertEquals(OptionalLong.empty(), DaemonLiveness.holder(dir));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aFifoOfADeadDaemonOrAPlainFileAnnouncesNothing() throws Exception {
        Process p = new ProcessBuilder("sleep", "600").start();
        long ticks = DaemonLiveness.startTicks(p.pid());
        p.destroyForcibly().waitFor();
        fifo(p.pid(), ticks);
        long self = ProcessHandle.current().pid();
        Files.writeString(dir.resolve("fleet." + self + "." + DaemonLiveness.startTicks(self) + ".fifo"), "not a fifo");
        assertEquals(OptionalLong.empty(), DaemonLiveness.holder(dir));
        assertEquals(DaemonLiveness.State.NONE, DaemonLiveness.state(dir));
    }
}
