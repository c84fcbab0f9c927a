package dev.fleet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteListingTest {
    private static List<Map<String, Object>> parse(String s) {
        return RemoteListing.parse(s.getBytes(StandardCharsets.UTF_8), "box");
    }

    @Test
    void aListingGetsTheDestinationAsItsHost() {
        List<Map<String, Object>> l = parse("[{\"host\":\"evil\",\"user\":\"u\",\"pid\":12,\"state\":\"idle\",\"name\":\"api\"}]");
        assertEquals(1, l.size());
        assertEquals("box", l.get(0).get("host"));
        assertEquals("api", l.get(0).get("name"));
    }

    @Test
    void anythingElseIsRefusedWhole() {
        for (String bad : List.of("", "not json", "{}", "[1]", "[{\"pid\":\"1\",\"state\":\"idle\"}]", "[{\"pid\":1}]",
                "Welcome to the box!\n[]")) {
            assertThrows(RemoteListing.Malformed.class, () -> parse(bad), bad);
        }
    }
}
