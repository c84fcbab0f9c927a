package dev.fleet.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fleet.core.proc.ProcInfo;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The port pairs of the TCP connections ssh processes hold, read from a /proc laid out as the kernel does. */
class LocalSshTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @Test
    void anSshProcesssEstablishedConnectionsByLocalAndPeerPort(@TempDir Path proc) throws Exception {
        fd(proc, 100, 3, "socket:[5001]"); // ssh: 54321 -> 2222, established
        fd(proc, 100, 4, "socket:[5002]"); // ssh: a listening socket (a forward): not a connection
        fd(proc, 100, 5, "/dev/pts/3");
        fd(proc, 200, 3, "socket:[5003]"); // not ssh (a browser): not asked about
        fd(proc, 300, 7, "socket:[5004]"); // ssh over IPv6: 40000 -> 22
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), HEADER
                + "   0: 0100007F:D431 0100007F:08AE 01 00000000:00000000 00:00000000 00000000     0        0 5001 1 0000000000000000 20 4 30 10 -1\n"
                + "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5002 1 0000000000000000 100 0 0 10 0\n"
                + "   2: 0100007F:9C40 0100007F:01BB 01 00000000:00000000 00:00000000 00000000     0        0 5003 1 0000000000000000 20 4 30 10 -1\n");
        Files.writeString(proc.resolve("net/tcp6"), HEADER
                + "   0: 00000000000000000000000001000000:9C40 00000000000000000000000001000000:0016 01 00000000:00000000 00:00000000 00000000     0        0 5004 1 0000000000000000 20 4 30 10 -1\n");
        ProcSnapshot snap = ProcSnapshot.of(proc, List.of(new ProcInfo(100, 1, 10, "ssh"), new ProcInfo(200, 1, 11, "firefox"),
                new ProcInfo(300, 1, 12, "ssh")));

        assertEquals(Map.of("54321:2222", 100, "40000:22", 300), LocalSsh.connections(proc, snap));
    }

    @Test
    void noSshProcessNoTableRead(@TempDir Path proc) {
        ProcSnapshot snap = ProcSnapshot.of(proc, List.of(new ProcInfo(200, 1, 11, "bash")));
        assertEquals(Map.of(), LocalSsh.connections(proc, snap));
    }

    @Test
    void sshConnectionNamesItsClientAndServerPort() {
        assertEquals("54321:2222", LocalSsh.ports("127.0.0.1 54321 127.0.0.1 2222"));
        assertEquals("51234:22", LocalSsh.ports("fe80::1%eth0 51234 fe80::2%eth0 22\n"));
        assertNull(LocalSsh.ports(null));
        assertNull(LocalSsh.ports("127.0.0.1 54321"));
        assertNull(LocalSsh.ports("a b c d"));
        assertNull(LocalSsh.ports("127.0.0.1 1234567 127.0.0.1 22"));
    }

    private static void fd(Path proc, int pid, int n, String target) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(pid + "/fd"));
        Files.createSymbolicLink(dir.resolve(Integer.toString(n)), Path.of(target));
    }
}
