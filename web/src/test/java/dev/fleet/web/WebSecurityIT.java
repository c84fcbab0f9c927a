package dev.fleet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fleet web refuses what is not its own page, checked from outside with plain HTTP: no token, a foreign
 * Host (DNS rebinding), a foreign Origin on the live channel and on an action. A real fleet web process.
 */
class WebSecurityIT {
    @TempDir
    Path tmp;

    @Test
    void tokenHostAndOriginAreCheckedAndEveryPageCarriesAStrictPolicy() throws Exception {
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fw-");
        Map<String, String> env = new HashMap<>();
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("HOME", tmp.toString());
        try (Fleet web = Fleet.web(env, tmp.resolve("web.log"))) {
            URI url = URI.create(web.url);
            assertEquals("127.0.0.1", url.getHost(), web.url);
            String token = url.getQuery().replace("token=", "");
            assertTrue(token.length() >= 22, "a token of at least 128 bits: " + token); // base64url: 6 bits a character
            String base = "http://127.0.0.1:" + url.getPort();
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

            // no token: 403, also for the assets and the actions
            for (String path : new String[] {"/", "/app.js", "/api/send", "/?token=wrong"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode(), path + ": " + r.body());
            }

            // the token: a cookie (HttpOnly, SameSite=Strict), and the token leaves the URL
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, first.statusCode());
            assertEquals("/", first.headers().firstValue("Location").orElse(""));
            String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
            assertFalse(page.body().contains("<script>"), "no inline script: " + page.body());

            // a foreign Host (a rebound DNS name), even with the token and the cookie: refused
            String reply = raw(url.getPort(), "GET /?token=" + token + " HTTP/1.1\r\nHost: evil.example:" + url.getPort()
                    + "\r\nCookie: " + cookie + "\r\nConnection: close\r\n\r\n");
            assertTrue(reply.startsWith("HTTP/1.1 421"), reply);

            // the live channel: our own origin opens it (and gets the agent list), another is refused
            CompletableFuture<String> got = new CompletableFuture<>();
            WebSocket ok = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", base)
                    .buildAsync(URI.create("ws://127.0.0.1:" + url.getPort() + "/live"), listener(got)).get(10, TimeUnit.SECONDS);
            assertTrue(got.get(10, TimeUnit.SECONDS).contains("\"type\":\"agents\""));
            ok.abort();
            CompletableFuture<WebSocket> foreign = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", "http://evil.example")
                    .buildAsync(URI.create("ws://127.0.0.1:" + url.getPort() + "/live"), listener(new CompletableFuture<>()));
            int status = handshakeStatus(foreign);
            assertEquals(403, status);
            CompletableFuture<WebSocket> noCookie = http.newWebSocketBuilder().header("Origin", base)
                    .buildAsync(URI.create("ws://127.0.0.1:" + url.getPort() + "/live"), listener(new CompletableFuture<>()));
            assertEquals(403, handshakeStatus(noCookie));

            // an action posted from another origin: refused before the daemon is asked
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/api/send")).header("Cookie", cookie)
                    .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"pid\":1,\"text\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, post.statusCode(), post.body());
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    private static int handshakeStatus(CompletableFuture<WebSocket> ws) throws Exception {
        try {
            ws.get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            assertNotNull(c);
            if (c instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
    }

    private static WebSocket.Listener listener(CompletableFuture<String> first) {
        return new WebSocket.Listener() {
            private final StringBuilder b = new StringBuilder();

            @Override
            public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                b.append(data);
                if (last) first.complete(b.toString());
                ws.request(1);
                return null;
            }
        };
    }

    /** One request over a plain socket: java.net.http will not send a Host header of our choosing. */
    private static String raw(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10000);
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
