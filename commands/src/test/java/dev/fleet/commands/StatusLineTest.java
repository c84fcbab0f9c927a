package dev.fleet.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each bar reads from {@link StatusLine}: counts, the longest waiter first, names that cannot become markup. */
class StatusLineTest {
    private static final long NOW = 1_764_480_000_000L;

    private static Map<String, Object> agent(String name, String state, Long waitingSince) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("session_id", "s-" + name);
        m.put("pid", 100);
        m.put("state", state);
        m.put("state_since", NOW - 1000);
        m.put("waiting_since", waitingSince);
        m.put("cwd", "/src/" + name);
        return m;
    }

    @Test
    void anotherHostsWaitingAgentIsCountedAndNamesItsHost() {
        Map<String, Object> remote = agent("api", "waiting", NOW - 300_000);
        remote.put("host", "devbox");
        Map<String, Object> local = agent("web", "waiting", NOW - 1_000);
        local.put("host", dev.fleet.core.util.Ids.shortHost());
        StatusLine l = StatusLine.of(List.of(local, remote, agent("docs", "busy", null)));
        assertEquals("2 waiting · 1 busy · 0 idle — api on devbox waiting 5m", l.render("text", NOW));
        List<Object> waits = Json.arr(l.toJson(), "agents_waiting");
        assertEquals("devbox", ((Map<?, ?>) waits.get(0)).get("host"));
        assertTrue(!((Map<?, ?>) waits.get(1)).containsKey("host"), "this machine's agent names no host: " + waits);
    }

    @Test
    void theLongestWaitingAgentIsNamedAndOddStatesAreCounted() {
        StatusLine l = StatusLine.of(List.of(agent("new", "waiting", NOW - 5_000), agent("old", "waiting", NOW - 200_000),
                agent("b", "busy", null), agent("x", "compacting", null)));
        assertEquals("2 waiting · 1 busy · 0 idle · 1 unknown — old waiting 3m", l.text(NOW));
        assertEquals(List.of("old", "new"), Json.arr(l.toJson(), "agents_waiting").stream().map(a -> ((Map<?, ?>) a).get("name")).toList());
        assertEquals("waiting", l.level());
    }

    @Test
    void namesNeverBecomeMarkup() {
        StatusLine l = StatusLine.of(List.of(agent("#[fg=red]<b>&%{F#f00}", "waiting", NOW)));
        assertTrue(l.render("tmux", NOW).endsWith("— ##[fg=red]<b>&%{F##f00} waiting 0s"), l.render("tmux", NOW));
        Map<String, Object> w = Json.parseObject(l.render("waybar", NOW));
        assertTrue(((String) w.get("text")).contains("#[fg=red]&lt;b&gt;&amp;%{F#f00} waiting"), w.toString());
        assertTrue(l.render("polybar", NOW).contains("&% {F#f00}"), l.render("polybar", NOW));
        assertEquals("none", ((Map<?, ?>) ((List<?>) Json.parse(l.render("i3bar", NOW))).get(0)).get("markup"));
    }

    @Test
    void noAgentsIsIdleAndZero() {
        StatusLine l = StatusLine.of(List.of());
        assertEquals("0 waiting · 0 busy · 0 idle", l.text(NOW));
        assertEquals("{\"waiting\":0,\"busy\":0,\"idle\":0,\"unknown\":0,\"agents_waiting\":[]}", l.render("json", NOW));
        assertEquals("idle", l.level());
    }
}
