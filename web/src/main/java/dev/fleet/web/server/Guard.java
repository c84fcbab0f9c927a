package dev.fleet.web.server;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every request's checks, before any handler: the Host header (a page of another site that rebinds its DNS
 * name to 127.0.0.1 sends its own name: refused), the token (the URL's query on the first visit, then an
 * HttpOnly SameSite=Strict cookie), and for the live channel and the actions the Origin (another site's
 * page cannot open our WebSocket or post to us with the user's cookie). Every response carries a strict
 * Content-Security-Policy: no inline script, nothing from elsewhere.
 */
final class Guard {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final String token;
    private final String cookieName;
    private final Set<String> hosts;

    Guard(String token, int port, Set<String> hostNames) {
        this.token = token;
        this.cookieName = "fleet_web_" + port; // cookies are per host, not per port: one per server
        Set<String> h = new LinkedHashSet<>();
        for (String n : hostNames) h.add(n.toLowerCase() + ":" + port);
        this.hosts = Collections.unmodifiableSet(h);
    }

    /** 256 random bits, URL-safe. */
    static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * The host names a request may carry for a server bound to {@code bind}: the loopback names, the bind
     * address itself, and for a wildcard bind every address of this machine's interfaces. IP literals only
     * besides {@code localhost}: a name another site controls can be rebound to us, a literal cannot.
     */
    static Set<String> hostNames(InetAddress bind) {
        Set<String> names = new LinkedHashSet<>(Set.of("127.0.0.1", "localhost", "[::1]"));
        if (bind.isAnyLocalAddress()) {
            try {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) names.add(literal(a));
                }
            } catch (SocketException e) {
                // loopback names only
            }
        } else {
            names.add(literal(bind));
        }
        return names;
    }

    static String literal(InetAddress a) {
        String s = a.getHostAddress();
        int zone = s.indexOf('%');
        if (zone >= 0) s = s.substring(0, zone);
        return s.contains(":") ? "[" + s + "]" : s;
    }

    /** The before-handler of every HTTP request (and of the WebSocket upgrade). */
    void check(Context ctx) {
        headers(ctx);
        String host = ctx.header("Host");
        if (host == null || !hosts.contains(host.toLowerCase())) {
            throw new HttpResponseException(421, "fleet web answers only to " + String.join(", ", hosts));
        }
        if (tokenEquals(ctx.cookie(cookieName))) return;
        String given = ctx.queryParam("token");
        if (given != null && tokenEquals(given) && "GET".equals(ctx.method().name())) {
            // the token leaves the address bar (and history) once it is a cookie
            ctx.header("Set-Cookie", cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
            ctx.redirect(ctx.path(), io.javalin.http.HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        throw new HttpResponseException(403, "fleet web needs its token: open the URL 'fleet web' printed");
    }

    /** The live channel and the actions: only from our own page (its Origin is this very host). */
    void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin == null || host == null || !origin.equalsIgnoreCase("http://" + host)) {
            throw new HttpResponseException(403, "refused: the request comes from another origin (" + origin + ")");
        }
    }

    static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }

    private boolean tokenEquals(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }
}
