package dev.fleet.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fleet.core.json.Json;
import dev.fleet.core.json.JsonException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake Anthropic Messages API on 127.0.0.1 (random port), enough for the real Claude Code CLI to
 * run a session. {@code POST /v1/messages} is answered with an SSE stream chosen by rules keyed on a
 * substring of the current turn's user text:
 * <ul>
 *   <li>{@link #replyText}: a text reply;</li>
 *   <li>{@link #replySlowly}: a text reply whose stream stays open for a while (agent stays busy);</li>
 *   <li>{@link #replyWithBash}: a Bash tool call (a writing command makes the agent ask permission),
 *       then, once the tool result comes back, a text reply;</li>
 *   <li>{@link #replyWithTool}: the same with any tool (AskUserQuestion, ExitPlanMode…).</li>
 * </ul>
 * Title side-requests (their user text quotes the prompt in {@code <session>…</session>}) get a short
 * title; any other prompt gets a short text reply; any other endpoint gets an empty JSON object. Every
 * request is recorded ({@link #requests()}) for debugging.
 */
public final class FakeModelApi implements AutoCloseable {
    /** One request as received. */
    public record Request(Instant at, String method, String path, String query, String body) {
        @Override
        public String toString() {
            String b = body.length() > 300 ? body.substring(0, 300) + "…" : body;
            return at + " " + method + " " + path + (query == null ? "" : "?" + query) + " " + b;
        }
    }

    /** What to answer a prompt that contains {@code match}. */
    private record Rule(String match, String text, Duration hold, String toolName, Map<String, Object> toolInput,
            String afterText, Duration afterHold) {}

    /** Default reply to a prompt no rule matches. */
    public static final String DEFAULT_REPLY = "OK.";
    public static final String TITLE = "Fleet test session";

    private final HttpServer server;
    private final ExecutorService pool;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** tool_use id → the rule that issued it, to answer the tool result. */
    private final Map<String, Rule> toolUses = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private FakeModelApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-model-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static FakeModelApi start() {
        try {
            return new FakeModelApi();
        } catch (IOException e) {
            throw new AssertionError("cannot start the fake Messages API: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, for {@code ANTHROPIC_BASE_URL}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A prompt containing {@code match} is answered with {@code text}. */
    public FakeModelApi replyText(String match, String text) {
        rules.add(0, new Rule(match, text, Duration.ZERO, null, null, null, Duration.ZERO));
        return this;
    }

    /** A prompt containing {@code match} is answered with {@code text}, its stream held open for {@code hold}. */
    public FakeModelApi replySlowly(String match, String text, Duration hold) {
        rules.add(0, new Rule(match, text, hold, null, null, null, Duration.ZERO));
        return this;
    }

    /**
     * A prompt containing {@code match} is answered with a Bash tool call running {@code command};
     * when its result comes back, with {@code afterText}.
     */
    public FakeModelApi replyWithBash(String match, String command, String afterText) {
        return replyWithBash(match, command, afterText, Duration.ZERO);
    }

    /** As {@link #replyWithBash(String, String, String)}, the final reply held open for {@code afterHold}. */
    public FakeModelApi replyWithBash(String match, String command, String afterText, Duration afterHold) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("command", command);
        in.put("description", "Run " + command);
        return replyWithTool(match, "Bash", in, afterText, afterHold);
    }

    /**
     * A prompt containing {@code match} is answered with a call of tool {@code toolName} (e.g.
     * {@code AskUserQuestion}, {@code ExitPlanMode}) with {@code input}; when its result comes back,
     * with {@code afterText}.
     */
    public FakeModelApi replyWithTool(String match, String toolName, Map<String, Object> input, String afterText) {
        return replyWithTool(match, toolName, input, afterText, Duration.ZERO);
    }

    /** As {@link #replyWithTool(String, String, Map, String)}, the final reply held open for {@code afterHold}. */
    public FakeModelApi replyWithTool(String match, String toolName, Map<String, Object> input, String afterText, Duration afterHold) {
        rules.add(0, new Rule(match, null, Duration.ZERO, toolName, new LinkedHashMap<>(input), afterText, afterHold));
        return this;
    }

    /** Every request so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests to {@code path} (without query), oldest first. */
    public List<Request> requests(String path) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) if (r.path().equals(path)) out.add(r);
        return out;
    }

    /** All requests, one line each, for a failure message. */
    public String log() {
        StringBuilder b = new StringBuilder();
        for (Request r : requests) b.append(r).append('\n');
        return b.toString();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        pool.shutdownNow(); // wakes slow streams
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(Instant.now(), ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), body));
            if ("POST".equals(ex.getRequestMethod()) && path.equals("/v1/messages")) {
                messages(ex, body);
            } else if (path.equals("/v1/messages/count_tokens")) {
                json(ex, 200, "{\"input_tokens\":100}");
            } else {
                // start-up calls (settings, feature flags, metrics…): an empty answer keeps it quiet
                json(ex, 200, "{}");
            }
        } catch (IOException e) {
            if (!closed) throw e; // the client hung up (e.g. the agent was killed mid-stream)
        }
    }

    private static void json(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }

    private void messages(HttpExchange ex, String body) throws IOException {
        Map<String, Object> req;
        try {
            req = Json.parseObject(body);
        } catch (JsonException e) {
            json(ex, 400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad JSON\"}}");
            return;
        }
        String model = Json.str(req, "model") == null ? "claude-fake" : Json.str(req, "model");
        boolean stream = Json.bool(req, "stream", false);
        Turn turn = Turn.of(req);

        Reply reply;
        Rule after = turn.toolUseId == null ? null : toolUses.remove(turn.toolUseId);
        if (after != null) {
            reply = Reply.text(after.afterText(), after.afterHold());
        } else if (turn.text.contains("<session>") && turn.text.contains("</session>")) {
            reply = Reply.text(TITLE, Duration.ZERO);
        } else {
            Rule r = match(turn.text);
            if (r == null) {
                reply = Reply.text(DEFAULT_REPLY, Duration.ZERO);
            } else if (r.toolName() != null) {
                String id = "toolu_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
                toolUses.put(id, r);
                reply = Reply.tool(id, r.toolName(), r.toolInput());
            } else {
                reply = Reply.text(r.text(), r.hold());
            }
        }
        if (stream) sse(ex, model, reply);
        else json(ex, 200, Json.write(reply.message(model)));
    }

    private Rule match(String text) {
        for (Rule r : rules) if (text.contains(r.match())) return r;
        return null;
    }

    /** The user side of the current turn: its text, and the tool_use id its tool result answers. */
    private static final class Turn {
        final String text;
        final String toolUseId;

        private Turn(String text, String toolUseId) {
            this.text = text;
            this.toolUseId = toolUseId;
        }

        /** The current turn is every message after the last assistant message. */
        @SuppressWarnings("unchecked")
        static Turn of(Map<String, Object> req) {
            List<Object> messages = Json.arr(req, "messages");
            if (messages == null) return new Turn("", null);
            int start = 0;
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i) instanceof Map && "assistant".equals(((Map<String, Object>) messages.get(i)).get("role"))) {
                    start = i + 1;
                }
            }
            StringBuilder text = new StringBuilder();
            String toolUseId = null;
            for (Object o : messages.subList(start, messages.size())) {
                if (!(o instanceof Map)) continue;
                Object content = ((Map<String, Object>) o).get("content");
                if (content instanceof String s) {
                    text.append(s).append('\n');
                } else if (content instanceof List) {
                    for (Object block : (List<Object>) content) {
                        if (!(block instanceof Map)) continue;
                        Map<String, Object> b = (Map<String, Object>) block;
                        if ("text".equals(b.get("type")) && b.get("text") instanceof String s) text.append(s).append('\n');
                        if ("tool_result".equals(b.get("type")) && b.get("tool_use_id") instanceof String id) toolUseId = id;
                    }
                }
            }
            return new Turn(text.toString(), toolUseId);
        }
    }

    /** One assistant message: text (maybe held open) or a tool_use. */
    private record Reply(String text, Duration hold, String toolUseId, String toolName, Map<String, Object> input) {
        static Reply text(String text, Duration hold) {
            return new Reply(text, hold, null, null, null);
        }

        static Reply tool(String id, String name, Map<String, Object> input) {
            return new Reply(null, Duration.ZERO, id, name, input);
        }

        boolean isTool() {
            return toolUseId != null;
        }

        Map<String, Object> block() {
            Map<String, Object> b = new LinkedHashMap<>();
            if (isTool()) {
                b.put("type", "tool_use");
                b.put("id", toolUseId);
                b.put("name", toolName);
                b.put("input", input());
            } else {
                b.put("type", "text");
                b.put("text", text);
            }
            return b;
        }

        Map<String, Object> message(String model) {
            Map<String, Object> m = messageStart(model);
            m.put("content", List.of(block()));
            m.put("stop_reason", isTool() ? "tool_use" : "end_turn");
            return m;
        }

        static Map<String, Object> messageStart(String model) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "msg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
            m.put("type", "message");
            m.put("role", "assistant");
            m.put("model", model);
            m.put("content", List.of());
            m.put("stop_reason", null);
            m.put("stop_sequence", null);
            m.put("usage", usage(12, 1));
            return m;
        }
    }

    private static Map<String, Object> usage(int in, int out) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("input_tokens", in);
        u.put("cache_creation_input_tokens", 0);
        u.put("cache_read_input_tokens", 0);
        u.put("output_tokens", out);
        return u;
    }

    private void sse(HttpExchange ex, String model, Reply reply) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0); // chunked
        OutputStream out = ex.getResponseBody();
        event(out, "message_start", Map.of("type", "message_start", "message", Reply.messageStart(model)));

        Map<String, Object> start = new LinkedHashMap<>(reply.block());
        if (reply.isTool()) start.put("input", Map.of());
        else start.put("text", "");
        event(out, "content_block_start", Map.of("type", "content_block_start", "index", 0, "content_block", start));

        if (reply.isTool()) {
            delta(out, Map.of("type", "input_json_delta", "partial_json", Json.write(reply.input())));
        } else {
            List<String> chunks = chunks(reply.text(), reply.hold());
            long pause = chunks.size() <= 1 ? 0 : reply.hold().toMillis() / (chunks.size() - 1);
            for (int i = 0; i < chunks.size(); i++) {
                if (i > 0 && pause > 0) {
                    // keep the connection visibly alive while holding the turn open
                    event(out, "ping", Map.of("type", "ping"));
                    if (!pause(pause)) return;
                }
                delta(out, Map.of("type", "text_delta", "text", chunks.get(i)));
            }
        }
        event(out, "content_block_stop", Map.of("type", "content_block_stop", "index", 0));
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("stop_reason", reply.isTool() ? "tool_use" : "end_turn");
        md.put("stop_sequence", null);
        event(out, "message_delta", Map.of("type", "message_delta", "delta", md, "usage", Map.of("output_tokens", 5)));
        event(out, "message_stop", Map.of("type", "message_stop"));
    }

    /** The text in about one piece per second of {@code hold} (at least one piece). */
    private static List<String> chunks(String text, Duration hold) {
        int n = (int) Math.max(1, Math.min(hold.toSeconds() + 1, Math.max(1, text.length())));
        List<String> out = new ArrayList<>();
        int size = (text.length() + n - 1) / n;
        for (int i = 0; i < text.length(); i += Math.max(1, size)) out.add(text.substring(i, Math.min(text.length(), i + size)));
        if (out.isEmpty()) out.add("");
        // a hold longer than the text has pieces: pad with empty deltas so the time is still spent
        while (out.size() < hold.toSeconds() + 1) out.add("");
        return out;
    }

    private boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void delta(OutputStream out, Map<String, Object> delta) throws IOException {
        event(out, "content_block_delta", Map.of("type", "content_block_delta", "index", 0, "delta", delta));
    }

    private static void event(OutputStream out, String name, Map<String, Object> data) throws IOException {
        out.write(("event: " + name + "\ndata: " + Json.write(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
