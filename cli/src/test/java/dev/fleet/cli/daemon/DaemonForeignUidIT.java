package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.daemon.DaemonServer;
import dev.fleet.daemon.FleetDaemon;
import dev.fleet.daemon.PictureKeeper;
import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.testkit.Require;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another uid cannot use the daemon: the 0700 directory keeps it from the socket, and with the
 * permissions opened up the peer-credential check refuses it before anything is read. Here (not in
 * core) so that its precondition goes through testkit's {@link Require}: in CI a missing setpriv fails.
 */
class DaemonForeignUidIT {
    /** A daemon in a runtime directory of its own, no agents. */
    private static final class Fixture implements AutoCloseable {
        final Path runtimeDir;
        final FleetDaemon daemon;

        Fixture(Path root) throws Exception {
            runtimeDir = Files.createTempDirectory(Path.of("/tmp"), "fdu-");
            Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtimeDir.toString(), "HOME", root.toString());
            Path config = Files.createDirectories(root.resolve("claude/sessions")).getParent();
            daemon = FleetDaemon.start(new FleetDaemon.Config(SocketPaths.socket(env), config, Path.of("/proc"), env, Map.of(),
                    root.resolve("state"), PictureKeeper.Timing.defaults(), DaemonServer.Limits.defaults()), Map.of(), line -> { });
        }

        Path socket() {
            return daemon.socket();
        }

        Map<String, Object> call(Map<String, Object> req) throws Exception {
            try (DaemonClient c = DaemonClient.connect(socket())) {
                return c.call(req, Duration.ofSeconds(5));
            }
        }

        @Override
        public void close() throws Exception {
            daemon.close();
            try (var s = Files.walk(runtimeDir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anotherUidIsRefused(@TempDir Path tmp) throws Exception {
        boolean canSwitch = Path.of("/usr/bin/setpriv").toFile().canExecute() && dev.fleet.core.util.Ids.uid() == 0;
        if (!canSwitch) Require.missing("needs root and setpriv (util-linux) to run a client as nobody");
        try (Fixture f = new Fixture(tmp)) {
            Path clientDir = Files.createTempDirectory(Path.of("/tmp"), "fleet-nobody-");
            try {
                Files.setPosixFilePermissions(clientDir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path src = clientDir.resolve("NobodyClient.java");
                Files.writeString(src, NOBODY_CLIENT);
                Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-r--r--"));
                // 1. as set up, the 0700 directory keeps other users from even reaching the socket
                String out = runAsNobody(src, f.socket());
                assertTrue(out.startsWith("connect-failed"), out);
                // 2. with the permissions opened up, the peer-credential check still refuses, before reading
                Files.setPosixFilePermissions(f.runtimeDir, PosixFilePermissions.fromString("rwx--x--x"));
                Files.setPosixFilePermissions(f.socket().getParent(), PosixFilePermissions.fromString("rwx--x--x"));
                Files.setPosixFilePermissions(f.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
                out = runAsNobody(src, f.socket());
                assertTrue(out.contains("\"forbidden\""), out);
                assertFalse(out.contains("\"agents\""), out);
                assertEquals(1, f.daemon.server().refusedCount(), "the refusal is counted and logged");
                assertEquals(Boolean.TRUE, f.call(Map.of("v", 1, "op", "list")).get("ok"), "our own uid is still served");
            } finally {
                try (var s = Files.walk(clientDir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static String runAsNobody(Path src, Path socket) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                java, src.toString(), socket.toString())
                .directory(src.getParent().toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the nobody client finished");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    private static final String NOBODY_CLIENT = String.join("\n",
            "import java.net.*; import java.nio.*; import java.nio.channels.*; import java.nio.file.*;",
            "public class NobodyClient { public static void main(String[] a) throws Exception {",
            "  SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);",
            "  try { ch.connect(UnixDomainSocketAddress.of(Path.of(a[0]))); }",
            "  catch (Exception e) { System.out.println(\"connect-failed: \" + e.getMessage()); return; }",
            "  try { ch.write(ByteBuffer.wrap(\"{\\\"v\\\":1,\\\"op\\\":\\\"list\\\"}\\n\".getBytes())); } catch (Exception e) { }",
            "  ByteBuffer b = ByteBuffer.allocate(65536); StringBuilder sb = new StringBuilder();",
            "  try { while (ch.read(b) > 0) { b.flip(); sb.append(new String(b.array(), 0, b.limit())); b.clear(); } } catch (Exception e) { }",
            "  System.out.println(\"reply: \" + sb);",
            "} }", "");
}
