package dev.fleet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

    /** {@code kind pid state [from>to] host} for each change said, e.g. {@code state 1 waiting idle>waiting box}. */
    private static String said(Map<String, Object> e) {
        Map<?, ?> a = (Map<?, ?>) e.get("agent");
        String s = e.get("event") + " " + e.get("pid") + " " + e.get("state");
        if (e.containsKey("from")) s += " " + e.get("from") + ">" + e.get("to");
        if (e.get("event").equals("stale")) s += " stale=" + e.get("stale") + (a.get("stale_reason") == null ? "" : " " + a.get("stale_reason"));
        return s + " " + e.get("host") + "/" + a.get("host");
    }

    @Test
    void eachChangeIsSaidOnceWithTheHostAndRepeatsAreNot() {
        List<String> out = new ArrayList<>();
        StreamPicture p = new StreamPicture("box", e -> out.add(said(e)));
        p.apply(SNAPSHOT);
        assertEquals(List.of("added 1 idle box/box", "added 2 busy box/box"), out);
        out.clear();
        p.apply(event("state", 1, "a", "waiting"));
        p.apply(event("state", 1, "a", "waiting")); // a repeat (an event may repeat the snapshot): nothing
        p.apply(event("added", 2, "b", "busy"));
        p.apply(event("removed", 2, "b", "busy"));
        p.apply(event("removed", 7, "q", "busy")); // never seen: nothing to say
        p.apply("{\"event\":\"ping\",\"at\":5}");
        assertEquals(List.of("state 1 waiting idle>waiting box/box", "removed 2 busy box/box"), out);
    }

    @Test
    void aHostGoingDownSaysStaleOnceAndItsReturnSaysOnlyWhatChanged() {
        List<String> out = new ArrayList<>();
        StreamPicture p = new StreamPicture("box", e -> out.add(said(e)));
        p.apply("{\"ok\":true,\"v\":1,\"subscribed\":true,\"agents\":[{\"pid\":1,\"session_id\":\"a\",\"state\":\"waiting\"},"
                + "{\"pid\":2,\"session_id\":\"b\",\"state\":\"waiting\"},{\"pid\":3,\"session_id\":\"c\",\"state\":\"busy\"}]}");
        out.clear();
        p.reconnecting();
        p.stale("unreachable: Connection refused");
        p.stale("unreachable: Connection timed out"); // the next retry's reason: said already
        assertEquals(List.of("stale 1 waiting stale=true unreachable: Connection refused box/box",
                "stale 2 waiting stale=true unreachable: Connection refused box/box",
                "stale 3 busy stale=true unreachable: Connection refused box/box"), out);
        out.clear();
        // back: 1 still waits (nothing new to notify), 2 went, 3 began waiting, 4 is new
        p.apply("{\"ok\":true,\"v\":1,\"subscribed\":true,\"agents\":[{\"pid\":1,\"session_id\":\"a\",\"state\":\"waiting\"},"
                + "{\"pid\":3,\"session_id\":\"c\",\"state\":\"waiting\"},{\"pid\":4,\"session_id\":\"d\",\"state\":\"idle\"}]}");
        assertEquals(List.of("removed 2 waiting box/box", "stale 1 waiting stale=false box/box", "state 3 waiting busy>waiting box/box",
                "added 4 idle box/box"), out);
    }

    @Test
    void aHostLeavingTheHostsFileSaysItsAgentsGone() {
        List<String> out = new ArrayList<>();
        StreamPicture p = new StreamPicture("box", e -> out.add(said(e)));
        p.apply(SNAPSHOT);
        out.clear();
        p.forget();
        assertEquals(List.of("removed 1 idle box/box", "removed 2 busy box/box"), out);
        assertEquals(List.of(), p.agents(null));
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
