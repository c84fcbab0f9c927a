package dev.fleet.web.server;

import dev.fleet.commands.SendCommand;
import dev.fleet.core.json.Json;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page's two actions, through the daemon: the reply box ({@code send --verify}: its exit code says
 * accepted, draft, refused at a permission prompt, not taken) and "show on desktop" ({@code switch}). The
 * text is data from the JSON body to the daemon's JSON request; no shell anywhere. Another host's agent is
 * named {@code --host H <pid>} ({@link Target}); its send runs in this JVM ({@link Direct}).
 */
final class Actions {
    private final Daemon daemon;
    private final Direct direct;
    private final java.util.function.BiFunction<String, String, Target> targets;

    Actions(Daemon daemon, Direct direct, java.util.function.BiFunction<String, String, Target> targets) {
        this.daemon = daemon;
        this.direct = direct;
        this.targets = targets;
    }

    void send(Context ctx) throws IOException {
        Map<String, Object> body = body(ctx);
        Target target = target(body);
        Object text = body.get("text");
        if (!(text instanceof String t) || t.isBlank()) throw new HttpResponseException(400, "nothing to send");
        List<String> args = new ArrayList<>(target.args());
        args.addAll(List.of("--verify", "--timeout", "5"));
        if (Boolean.FALSE.equals(body.get("submit"))) args.add("--no-submit");
        args.add("--");
        args.add(t);
        // the daemon declines another host's send (see Direct): this JVM runs it, as `fleet send` would
        Daemon.Result r = target.remote() ? direct.run(new SendCommand(), args) : daemon.run("send", args, Duration.ofSeconds(15));
        reply(ctx, r, switch (r.exit()) {
            case 0 -> "accepted";
            case 6 -> "draft";
            case 7 -> "not taken";
            case 8 -> "refused: the agent waits at a permission prompt or question";
            case 1 -> "no such agent";
            default -> "failed";
        });
    }

    /**
     * {@code switch}: for another host's agent the daemon focuses a local terminal already showing it, else
     * answers exit 3 with the command that attaches, which the page shows as its one line.
     */
    void show(Context ctx) throws IOException {
        Target target = target(body(ctx));
        Daemon.Result r = daemon.run("switch", target.args(), Duration.ofSeconds(15));
        reply(ctx, r, switch (r.exit()) {
            case 0 -> "shown";
            case 1 -> "no such agent";
            case 3 -> "not shown";
            default -> "failed";
        });
    }

    private static void reply(Context ctx, Daemon.Result r, String outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exit", r.exit());
        m.put("outcome", outcome);
        m.put("message", Screens.firstLine(r.stderr(), ""));
        ctx.contentType("application/json").result(Json.write(m));
    }

    private static Map<String, Object> body(Context ctx) {
        String type = ctx.contentType();
        // JSON only: a form another site's page could post is never an action (besides SameSite and Origin)
        if (type == null || !type.startsWith("application/json")) throw new HttpResponseException(415, "JSON only");
        try {
            return Json.parseObject(ctx.body());
        } catch (RuntimeException e) {
            throw new HttpResponseException(400, "not a JSON object");
        }
    }

    /** The agent of the body's {@code pid} and {@code host} (the row's), as the daemon's listing has it. */
    private Target target(Map<String, Object> body) {
        Object pid = body.get("pid");
        if (pid == null || !pid.toString().matches("\\d{1,10}")) throw new HttpResponseException(400, "which agent (pid)?");
        Object host = body.get("host");
        if (host != null && !(host instanceof String)) throw new HttpResponseException(400, "host: a string");
        Target t = targets.apply((String) host, pid.toString());
        if (t == null) throw new HttpResponseException(409, "no such agent in fleet's listing (gone?)");
        return t;
    }
}
