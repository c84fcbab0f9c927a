package dev.fleet.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteMatchTest {
    private static Map<String, Object> agent(long pid, String name, String state, long since) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("name", name);
        m.put("state", state);
        m.put("state_since", since);
        m.put("cwd", "/home/u/src/" + name);
        m.put("tmux", Map.of("session", "work", "pane_id", "%" + pid));
        return m;
    }

    private static final List<RemoteAgents.Listing> HOSTS = List.of(
            new RemoteAgents.Listing("h1", List.of(agent(11, "api", "idle", 100), agent(12, "api-docs", "waiting", 300))),
            new RemoteAgents.Listing("h2", List.of(agent(21, "web", "waiting", 200), agent(22, "old", "dead", 1))));

    @Test
    void exactBeatsPrefixAndAPidIsAnExactMatch() {
        RemoteMatch.Hit h = RemoteMatch.choose(HOSTS, "api");
        assertEquals("h1", h.host());
        assertEquals(11L, h.agent().get("pid"));
        assertEquals(21L, RemoteMatch.choose(HOSTS, "21").agent().get("pid"));
        assertEquals(12L, RemoteMatch.choose(HOSTS, "12").agent().get("pid"), "the pid exactly beats the pane id %12's word prefix");
        assertEquals(12L, RemoteMatch.choose(HOSTS, "docs").agent().get("pid"), "word prefix");
        assertEquals(21L, RemoteMatch.choose(HOSTS, "%21").agent().get("pid"), "tmux pane id");
    }

    @Test
    void noLooseGuessAndNoDeadAgent() {
        assertNull(RemoteMatch.choose(HOSTS, "aps"), "a subsequence does not reach another machine");
        assertNull(RemoteMatch.choose(HOSTS, "old"));
        assertNull(RemoteMatch.choose(HOSTS, "  "));
    }

    @Test
    void tiesGoToTheLongestWaitingAcrossHosts() {
        // both match "work" (their tmux session) equally: the one waiting since 200 beats the one since 300
        assertEquals(21L, RemoteMatch.choose(HOSTS, "work").agent().get("pid"));
        RemoteMatch.Hit next = RemoteMatch.longestWaiting(HOSTS);
        assertEquals("h2", next.host());
        assertEquals(21L, next.agent().get("pid"));
    }
}
