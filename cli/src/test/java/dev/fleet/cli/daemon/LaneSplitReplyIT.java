package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.core.exec.Exec;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher reading a reply line whose bytes straddle one of its read deadlines: on a loaded machine
 * the script can be descheduled between the bytes of a line the daemon wrote at once. The deadline is
 * forced here by a stand-in for the daemon (this test's JVM: its pid and start ticks name the lane's
 * FIFO, as a daemon's do) that acknowledges, then writes the header "0 2 0" in two parts 300 ms apart —
 * longer than the launcher's 0.1 s poll after an ack. The launcher must read the line whole.
 */
class LaneSplitReplyIT {
    @TempDir
    Path tmp;

    @Test
    void aReplyLineSplitAcrossTheLaunchersPollIsReadWhole() throws Exception {
        try (LaneRig rig = LaneRig.in(tmp, "fsr-", "mkfifo")) {
            Path dir = Files.createDirectory(rig.runtime.resolve("fleet"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(dir.resolve("fleet.lane"), "form switch * switch args\n");
            Files.setPosixFilePermissions(dir.resolve("fleet.lane"), PosixFilePermissions.fromString("rw-------"));
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String ticks = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
            Path fifo = dir.resolve("fleet." + ProcessHandle.current().pid() + "." + ticks + ".fifo");
            assertEquals(0, Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("mkfifo", "-m", "600", fifo.toString())).exit());

            try (RandomAccessFile lane = new RandomAccessFile(fifo.toFile(), "rw")) {
                CompletableFuture<Exec.Result> run = CompletableFuture.supplyAsync(() -> rig.launcher(rig.lane, "switch", "api"));
                String request = lane.readLine();
                String replyName = request.substring(0, request.indexOf(' '));
                try (OutputStream out = Files.newOutputStream(dir.resolve(replyName))) {
                    out.write("ack\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(150);
                    out.write("0 ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(300);
                    out.write("2 0\nhi".getBytes(StandardCharsets.US_ASCII));
                }
                Exec.Result r = run.get();
                assertEquals(0, r.exit(), r.err());
                assertEquals("hi", r.out());
            }
        }
    }
}
