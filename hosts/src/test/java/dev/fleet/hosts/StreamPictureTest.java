package dev.fleet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamPictureTest {
    private static final String SNAPSHOT = "{\"ok\":true,\"v\":1,\"subscribed\":true,\"agents\":["
            + "{\"host\":\"evil\",\"pid\":1,\"session_id\":\"a\",\"state\":\"idle\",\"stale\":false},"
            + "{\"pid\":2,\"session_id\":\"b\",\"state\":\"busy\"}]}";

    private static String event(String kind, int pid, String sid, String state) {
        return "{\"event\":\"" + kind + "\",\"at\":1,\"session_id\":\"" + sid + "\",\"pid\":" + pid + ",\"state\":\"" + state
                + "\",\"agent\":{\"pid\":" + pid + ",\"session_id\":\"" + sid + "\",\"state\":\"" + state + "\"}}";
    }

    private static List<String> pidsAndStates(StreamPicture p) {
        return p.agents(null).stream().map(a -> a.get("pid") + ":" + a.get("state")).toList();
    }

    @Test
    void theSnapshotThenEventsMakeThePictureInListingOrder() {
        StreamPicture p = new StreamPicture("box");
        assertTrue(p.apply(SNAPSHOT));
        assertEquals(List.of("2:busy", "1:idle"), pidsAndStates(p));
        assertEquals("box", p.agents(null).get(0).get("host")); // the destination, not what the host says
        assertFalse(p.apply(event("state", 1, "a", "waiting")));
        assertFalse(p.apply(event("added", 3, "c", "idle")));
        assertFalse(p.apply(event("removed", 2, "b", "busy")));
        assertFalse(p.apply("{\"event\":\"ping\",\"at\":5}"));
        assertFalse(p.apply("{\"event\":\"a-kind-of-a-newer-fleet\",\"at\":5}"));
        assertEquals(List.of("1:waiting", "3:idle"), pidsAndStates(p));
    }

    @Test
    void aStaleHostKeepsItsAgentsMarkedUntilTheNextSnapshotReplacesThem() {
        StreamPicture p = new StreamPicture("box");
        p.apply(SNAPSHOT);
        p.reconnecting();
        List<Map<String, Object>> stale = p.agents("unreachable: Connection refused");
        assertEquals(2, stale.size());
        assertTrue(stale.stream().allMatch(a -> Boolean.TRUE.equals(a.get("stale"))
                && "unreachable: Connection refused".equals(a.get("stale_reason"))));
        assertTrue(p.apply("{\"ok\":true,\"v\":1,\"subscribed\":true,\"agents\":[{\"pid\":9,\"session_id\":\"z\",\"state\":\"idle\"}]}"));
        assertEquals(List.of("9:idle"), pidsAndStates(p));
    }

    @Test
    void aLineThatIsNotTheProtocolsIsRefused() {
        StreamPicture first = new StreamPicture("box");
        for (String bad : List.of("Welcome!", "[]", "{\"event\":\"ping\"}", "{\"ok\":false,\"error\":{}}")) {
            assertThrows(RemoteListing.Malformed.class, () -> first.apply(bad), bad); // no snapshot first
        }
        StreamPicture p = new StreamPicture("box");
        p.apply(SNAPSHOT);
        for (String bad : List.of("not json", "{}", "{\"event\":\"state\",\"agent\":{\"pid\":\"1\",\"state\":\"idle\"}}",
                "{\"event\":\"added\"}")) {
            assertThrows(RemoteListing.Malformed.class, () -> p.apply(bad), bad);
        }
    }
}
