package dev.fleet.web.server;

import dev.fleet.commands.CommandTable;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code fleet web}'s server, started by the command entry (in a class loader of its own, see
 * dev.fleet.web.ServerLoader): prints the URL with the token as the first line on stdout, then serves
 * until the JVM is told to stop (Ctrl-C, SIGTERM).
 */
public final class WebMain {
    private WebMain() {}

    /** Serves until stopped; returns an exit code only when it cannot start (2 usage, 5 error). */
    public static int run(Map<String, String> options, Map<String, String> env, PrintStream out, PrintStream err) {
        int port;
        try {
            port = Integer.parseInt(options.getOrDefault("port", "0"));
            if (port < 0 || port > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            err.println("fleet: --port takes a port number (0-65535), not '" + options.get("port") + "'");
            return 2;
        }
        InetAddress bind;
        try {
            bind = InetAddress.getByName(options.getOrDefault("bind", "127.0.0.1"));
        } catch (UnknownHostException e) {
            err.println("fleet: --bind: no such address '" + options.get("bind") + "'");
            return 2;
        }
        Daemon daemon = Daemon.of(env, CommandTable.FORWARDED_ENV);
        WebServer server;
        try {
            server = WebServer.start(bind, port, daemon, new Direct(env), Guard.newToken(), Assets.load());
        } catch (RuntimeException | IOException e) {
            err.println("fleet: cannot serve on " + Guard.literal(bind) + ":" + port + ": " + rootMessage(e));
            return 5;
        }
        out.println(server.url());
        out.flush();
        // after the URL and the port: a port that cannot be served is then the one line a user reads
        try {
            daemon.call("status", Duration.ofSeconds(3));
        } catch (IOException | RuntimeException e) {
            err.println("fleet: no fleet daemon answers on " + daemon.socket() + " (" + e.getMessage()
                    + "); the page shows the agents once one runs (fleet daemon start)");
        }
        if (Boolean.parseBoolean(options.get("open"))) open(server.url(), err);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "fleet-web-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            server.stop();
        }
        return 0;
    }

    /** The user's browser, through xdg-open: the URL one argument, no shell. */
    private static void open(String url, PrintStream err) {
        try {
            new ProcessBuilder("xdg-open", url).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            err.println("fleet: cannot open a browser (xdg-open: " + e.getMessage() + "); open the URL above yourself");
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** The page: one HTML, one script, one style sheet, from the jar. */
    record Assets(byte[] html, byte[] js, byte[] css) {
        static Assets load() throws IOException {
            return new Assets(read("index.html"), read("app.js"), read("app.css"));
        }

        private static byte[] read(String name) throws IOException {
            try (InputStream in = WebMain.class.getResourceAsStream("assets/" + name)) {
                if (in == null) throw new IOException("the page's " + name + " is missing from the jar");
                return in.readAllBytes();
            }
        }
    }

    /** Javalin with fleet's routes, the guard before each, the feed and the screens behind the live channel. */
    static final class WebServer {
        private final Javalin app;
        private final AgentFeed feed;
        private final Screens screens;
        private final String url;

        private WebServer(Javalin app, AgentFeed feed, Screens screens, String url) {
            this.app = app;
            this.feed = feed;
            this.screens = screens;
            this.url = url;
        }

        String url() {
            return url;
        }

        static WebServer start(InetAddress bind, int port, Daemon daemon, Direct direct, String token, Assets assets) {
            Live live = new Live();
            AgentFeed feed = new AgentFeed(daemon, live::broadcast);
            Screens screens = new Screens(daemon, feed::target);
            Actions actions = new Actions(daemon, direct, feed::target);
            Guard[] guard = new Guard[1]; // made once the port is known (port 0: a free one)
            Javalin app = Javalin.create(cfg -> {
                cfg.showJavalinBanner = false;
                cfg.startupWatcherEnabled = false;
                cfg.http.maxRequestSize = 256 * 1024;
            });
            app.before(ctx -> guard(guard).check(ctx));
            app.wsBeforeUpgrade(ctx -> {
                guard(guard).check(ctx);
                guard(guard).checkOrigin(ctx);
            });
            app.before("/api/*", ctx -> guard(guard).checkOrigin(ctx));
            app.exception(HttpResponseException.class, (e, ctx) -> {
                Guard.headers(ctx);
                ctx.status(e.getStatus()).contentType("text/plain; charset=utf-8").result(e.getMessage() + "\n");
            });
            app.exception(Exception.class, (e, ctx) -> {
                // a bug, not the page's fault: one line on stderr (slf4j-nop drops Javalin's own log), a plain 500
                System.err.println("fleet web: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                Guard.headers(ctx);
                ctx.status(500).contentType("text/plain; charset=utf-8").result("fleet web failed: " + e.getClass().getSimpleName() + "\n");
            });
            app.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(assets.html()));
            app.get("/app.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(assets.js()));
            app.get("/app.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(assets.css()));
            app.post("/api/send", actions::send);
            app.post("/api/show", actions::show);
            app.ws("/live", ws -> {
                ws.onConnect(ctx -> {
                    ctx.session.setIdleTimeout(Duration.ofHours(24));
                    ctx.enableAutomaticPings();
                    live.opened(ctx);
                    screens.opened(ctx);
                    Live.send(ctx, feed.current());
                });
                ws.onMessage(ctx -> screens.message(ctx, ctx.message()));
                ws.onClose(ctx -> {
                    live.closed(ctx);
                    screens.closed(ctx);
                });
                ws.onError(ctx -> {
                    live.closed(ctx);
                    screens.closed(ctx);
                });
            });
            app.start(bind.getHostAddress(), port);
            int actual = app.port();
            guard[0] = new Guard(token, actual, Guard.hostNames(bind));
            String host = bind.isAnyLocalAddress() || bind.isLoopbackAddress() ? "127.0.0.1" : Guard.literal(bind);
            Thread t = new Thread(feed, "fleet-web-feed");
            t.setDaemon(true);
            t.start();
            return new WebServer(app, feed, screens, "http://" + host + ":" + actual + "/?token=" + token);
        }

        /** The guard, once the port is known; a request in the moment before is told to come again. */
        private static Guard guard(Guard[] g) {
            if (g[0] == null) throw new HttpResponseException(503, "starting");
            return g[0];
        }

        void stop() {
            feed.stop();
            screens.stop();
            app.stop();
        }
    }
}
