package dev.fleet.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void roundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", List.of("x", true, 2.5));
        m.put("c", null);
        m.put("d", "quote \" and \n newline");
        String s = Json.write(m);
        assertEquals(m, Json.parseObject(s));
    }

    @Test
    void malformedIsOneLine() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\"a\": [1, 2"));
        assertEquals(-1, e.getMessage().indexOf('\n'));
        assertThrows(JsonException.class, () -> Json.parse("{} {}"));
        assertThrows(JsonException.class, () -> Json.parse(""));
        assertThrows(JsonException.class, () -> Json.parseObject("[]"));
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThrows(JsonException.class, () -> Json.parse(deep));
    }
}
