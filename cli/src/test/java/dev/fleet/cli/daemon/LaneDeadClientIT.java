package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher that dies after sending its request, before it opened its reply FIFO: the daemon's open of
 * that FIFO waits for a reader. The lane goes on serving others meanwhile, and after 5 s the daemon
 * gives the request up (no thread of it is left waiting in the FIFO's open). Seen from outside: the
 * kernel's wait channel of each daemon thread (/proc/<pid>/task/<tid>/wchan).
 */
class LaneDeadClientIT {
    @TempDir
    Path tmp;

    @Test
    void aReplyFifoNobodyOpensHoldsNothingUpAndIsGivenUpAfterFiveSeconds() throws Exception {
        try (LaneRig rig = LaneRig.in(tmp, "fdc-", "mkfifo"); DaemonProcess d = DaemonProcess.start(rig.env, tmp.resolve("daemon.log"))) {
            Path dir = rig.runtime.resolve("fleet");
            Path reply = dir.resolve("reply.77.1");
            assertEquals(0, Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("mkfifo", "-m", "600", reply.toString())).exit());
            // the request, and no reader ever: as a launcher killed right after its write
            Exec.Result sent = rig.sendRaw("reply.77.1 {\"v\":1,\"op\":\"list\"}");
            assertEquals(0, sent.exit());
            long pid = d.process.pid();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (waitingInFifoOpen(pid) == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(1, waitingInFifoOpen(pid), "a daemon thread waits in the reply FIFO's open: " + wchans(pid));

            // meanwhile the lane serves the next request at once
            Exec.Result ls = rig.launcher(rig.lane, "ls", "--json");
            assertEquals(0, ls.exit(), ls.err());
            assertEquals(List.of(), dev.fleet.core.json.Json.parse(ls.out()));

            // given up after 5 s: no thread left in the open, and the lane still serves
            deadline = System.nanoTime() + Duration.ofSeconds(9).toNanos();
            while (waitingInFifoOpen(pid) > 0 && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(0, waitingInFifoOpen(pid), "no daemon thread left in a FIFO's open: " + wchans(pid));
            Exec.Result again = rig.launcher(rig.lane, "ls", "--json");
            assertEquals(0, again.exit(), again.err());
            assertTrue(d.process.isAlive());
        }
    }

    /** Threads of the daemon blocked opening a FIFO that has no other end (wait_for_partner / fifo_open). */
    private static long waitingInFifoOpen(long pid) throws IOException {
        return wchans(pid).stream().filter(w -> w.contains("wait_for_partner") || w.contains("fifo_open")).count();
    }

    private static List<String> wchans(long pid) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : s.toList()) {
                try {
                    out.add(Files.readString(t.resolve("comm")).trim() + ":" + Files.readString(t.resolve("wchan")).trim());
                } catch (IOException e) {
                    // that thread ended
                }
            }
        }
        return out;
    }
}
