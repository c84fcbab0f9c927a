package dev.fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testkit.Require;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet web --bind <this machine's non-loopback IPv4> --open}, from outside: the URL names that address,
 * it serves there token-only (bare URL 403, token URL 303), 127.0.0.1 is not served, and the user's browser
 * is run with the URL as one argv word — {@code xdg-open} is a recording script first on PATH, the one part
 * that stands in (a desktop's browser cannot run here).
 */
class WebBindIT {
    @TempDir
    Path tmp;

    @Test
    void bindServesThatAddressTokenOnlyAndNotLoopbackAndOpenPassesTheUrlAsOneWord() throws Exception {
        InetAddress addr = nonLoopbackIpv4();
        Require.that(addr != null, "this machine has no non-loopback IPv4 address to bind to");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path record = tmp.resolve("xdg-open.args");
        // one line per argument, after the count: a URL split by a shell would show as several
        Files.writeString(bin.resolve("xdg-open"), "#!/bin/sh\n{ printf 'argc=%s\\n' \"$#\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; } > '"
                + record + ".tmp' && mv '" + record + ".tmp' '" + record + "'\n");
        Files.setPosixFilePermissions(bin.resolve("xdg-open"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fwb-");
        Map<String, String> env = new HashMap<>();
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("HOME", tmp.toString());
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        try (Fleet web = Fleet.web(env, tmp.resolve("web.log"), "--bind", addr.getHostAddress(), "--open")) {
            URI url = URI.create(web.url);
            assertEquals(addr.getHostAddress(), url.getHost(), web.url);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://" + addr.getHostAddress() + ":" + url.getPort();
            HttpResponse<String> bare = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, bare.statusCode(), bare.body());
            HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, withToken.statusCode(), withToken.body());
            assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + url.getPort() + "/?"
                    + url.getQuery())).build(), HttpResponse.BodyHandlers.ofString()), "127.0.0.1 answered");

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(record) && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(Files.exists(record), "xdg-open never ran; fleet web's log:\n" + Files.readString(tmp.resolve("web.log")));
            assertEquals(List.of("argc=1", web.url), Files.readAllLines(record));
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    /** {@code --port N}: the URL names that port and it serves there; a port already taken: one line, exit 5, no URL. */
    @Test
    void portIsTheOneAskedForAndATakenPortIsOneLine() throws Exception {
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fwp-");
        Map<String, String> env = new HashMap<>();
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("HOME", tmp.toString());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int free;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                free = probe.getLocalPort();
            }
            try (Fleet web = Fleet.web(env, tmp.resolve("web.log"), "--port", Integer.toString(free))) {
                URI url = URI.create(web.url);
                assertEquals(free, url.getPort(), web.url);
                HttpResponse<String> withToken = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                        .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(303, withToken.statusCode(), withToken.body());
            }
            Path log = tmp.resolve("taken.log");
            assertEquals(5, Fleet.exit(env, log, "web", "--port", Integer.toString(taken.getLocalPort())), Files.readString(log));
            List<String> lines = Files.readAllLines(log);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("fleet: cannot serve on 127.0.0.1:" + taken.getLocalPort() + ": "), lines.toString());
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    /** An up, non-loopback, non-link-local IPv4 address of this machine (as {@code ip -4 -o addr} lists them), or null. */
    private static InetAddress nonLoopbackIpv4() throws Exception {
        for (NetworkInterface n : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback()) continue;
            for (InetAddress a : java.util.Collections.list(n.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a;
            }
        }
        return null;
    }
}
