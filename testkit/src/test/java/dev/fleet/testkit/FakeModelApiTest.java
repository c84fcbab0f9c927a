package dev.fleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fake API at the HTTP level, as Claude Code talks to it (facts/CLAUDE-CODE.md). */
class FakeModelApiTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(FakeModelApi api, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String request(String messagesJson) {
        return "{\"model\":\"claude-test\",\"stream\":true,\"max_tokens\":100,\"messages\":" + messagesJson + "}";
    }

    /** The data objects of an SSE stream, in order. */
    private static List<Map<String, Object>> events(String sse) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : sse.split("\n")) if (line.startsWith("data: ")) out.add(Json.parseObject(line.substring(6)));
        return out;
    }

    private static List<String> types(List<Map<String, Object>> events) {
        List<String> t = new ArrayList<>();
        for (Map<String, Object> e : events) if (!"ping".equals(e.get("type"))) t.add(Json.str(e, "type"));
        return t;
    }

    private static String text(List<Map<String, Object>> events) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> e : events) {
            Map<String, Object> d = Json.obj(e, "delta");
            if (d != null && "text_delta".equals(d.get("type"))) b.append(Json.str(d, "text"));
        }
        return b.toString();
    }

    @Test
    void textRuleStreamsTheReplyInTheOrderClaudeCodeExpects() throws Exception {
        try (FakeModelApi api = FakeModelApi.start()) {
            api.replyText("say-hello", "Hello there.");
            HttpResponse<String> r = post(api, "/v1/messages?beta=true", request(
                    "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"<system-reminder>x</system-reminder>\"},{\"type\":\"text\",\"text\":\"please say-hello\"}]}]"));
            assertEquals(200, r.statusCode());
            assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
            List<Map<String, Object>> ev = events(r.body());
            assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"), types(ev));
            assertEquals("Hello there.", text(ev));
            assertEquals("end_turn", Json.str(Json.obj(ev.get(ev.size() - 2), "delta"), "stop_reason"));
            assertEquals("claude-test", Json.str(Json.obj(ev.get(0), "message"), "model"));
            assertEquals("beta=true", api.requests("/v1/messages").get(0).query());
        }
    }

    @Test
    void onlyTheCurrentTurnIsMatchedAndUnknownPromptsGetTheDefault() throws Exception {
        try (FakeModelApi api = FakeModelApi.start()) {
            api.replyText("say-hello", "Hello there.");
            HttpResponse<String> r = post(api, "/v1/messages", request(
                    "[{\"role\":\"user\",\"content\":\"say-hello\"},{\"role\":\"assistant\",\"content\":\"Hello there.\"},{\"role\":\"user\",\"content\":\"something else\"}]"));
            assertEquals(FakeModelApi.DEFAULT_REPLY, text(events(r.body())));
        }
    }

    @Test
    void titleRequestGetsATitleEvenWhenItQuotesAMatchingPrompt() throws Exception {
        try (FakeModelApi api = FakeModelApi.start()) {
            api.replyWithBash("make-file", "touch x", "done");
            HttpResponse<String> r = post(api, "/v1/messages?beta=true", request(
                    "[{\"role\":\"user\",\"content\":\"Name this session. <session>please make-file</session>\"}]"));
            assertEquals(FakeModelApi.TITLE, text(events(r.body())));
        }
    }

    @Test
    void bashRuleCallsTheToolThenAnswersItsResult() throws Exception {
        try (FakeModelApi api = FakeModelApi.start()) {
            api.replyWithBash("make-file", "touch approved-9", "Made it.");
            List<Map<String, Object>> ev = events(post(api, "/v1/messages?beta=true",
                    request("[{\"role\":\"user\",\"content\":\"please make-file\"}]")).body());
            Map<String, Object> block = Json.obj(ev.get(1), "content_block");
            assertEquals("tool_use", Json.str(block, "type"));
            assertEquals("Bash", Json.str(block, "name"));
            Map<String, Object> delta = Json.obj(ev.get(2), "delta");
            assertEquals("input_json_delta", Json.str(delta, "type"));
            assertEquals("touch approved-9", Json.str(Json.parseObject(Json.str(delta, "partial_json")), "command"));
            assertEquals("tool_use", Json.str(Json.obj(ev.get(4), "delta"), "stop_reason"));

            String id = Json.str(block, "id");
            String followUp = "[{\"role\":\"user\",\"content\":\"please make-file\"},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"Bash\",\"input\":{}}]},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"" + id + "\",\"content\":\"\"}]}]";
            assertEquals("Made it.", text(events(post(api, "/v1/messages?beta=true", request(followUp)).body())));
        }
    }

    @Test
    void slowReplyHoldsTheStreamOpen() throws Exception {
        try (FakeModelApi api = FakeModelApi.start()) {
            api.replySlowly("take-time", "Slow but sure.", Duration.ofSeconds(2));
            long t0 = System.nanoTime();
            String body = post(api, "/v1/messages", request("[{\"role\":\"user\",\"content\":\"take-time\"}]")).body();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 1900, "held for " + ms + " ms");
            assertEquals("Slow but sure.", text(events(body)));
        }
    }

    @Test
    void otherEndpointsAnswerHarmlesslyAndAreRecorded() throws Exception {
        try (FakeModelApi api = FakeModelApi.start()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/hello")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("{}", r.body());
            assertEquals("/api/hello", api.requests().get(0).path());
            assertTrue(api.log().contains("GET /api/hello"), api.log());
        }
    }
}
