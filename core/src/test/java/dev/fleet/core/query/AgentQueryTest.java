package dev.fleet.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.claude.Goal;
import dev.fleet.core.locate.Location;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentQueryTest {
    record Pane(String session, String pane) implements Location {
        public String layer() {
            return "tmux";
        }

        public String where() {
            return "tmux " + pane;
        }

        public Object toJson() {
            return Map.of();
        }

        public List<String> names() {
            return List.of(session, pane);
        }
    }

    static Agent agent(int pid, String name, String cwd, String branch, AgentState st, long since, Location... locs) {
        return new Agent(pid, "sid" + pid + "-abcdef", name, null, new Goal("fix the login bug", null, null, null), null,
                cwd, branch, st, since, st == AgentState.WAITING ? since : null, 0, null, Map.of(), List.of(locs));
    }

    @Test
    void kinds() {
        assertEquals(MatchKind.EXACT, AgentQuery.kind("api", "api"));
        assertEquals(MatchKind.PREFIX, AgentQuery.kind("api-server", "api"));
        assertEquals(MatchKind.WORD_PREFIX, AgentQuery.kind("my-api", "api"));
        assertEquals(MatchKind.SUBSTRING, AgentQuery.kind("rapid", "api"));
        assertEquals(MatchKind.SUBSEQUENCE, AgentQuery.kind("a-p-i", "api"));
        assertNull(AgentQuery.kind("web", "api"));
    }

    @Test
    void exactBeatsPrefixBeatsWordPrefixBeatsSubstringBeatsSubsequence() {
        List<Agent> agents = List.of(
                agent(1, "a-p-i", "/w/one", "main", AgentState.WAITING, 1),
                agent(2, "rapid", "/w/two", "main", AgentState.WAITING, 2),
                agent(3, "my-api", "/w/three", "main", AgentState.WAITING, 3),
                agent(4, "api-server", "/w/four", "main", AgentState.WAITING, 4),
                agent(5, "x", "/w/api", "main", AgentState.IDLE, 5));
        assertEquals(List.of(5, 4, 3, 2, 1), AgentQuery.rank(agents, "API").stream().map(m -> m.agent().pid()).toList());
        assertEquals("cwd", AgentQuery.choose(agents, "api").orElseThrow().field());
    }

    @Test
    void tiesGoToTheLongestWaitingThenTheMostRecentlyActive() {
        List<Agent> agents = List.of(
                agent(1, "web-1", "/w/a", null, AgentState.IDLE, 900),
                agent(2, "web-2", "/w/b", null, AgentState.WAITING, 500),
                agent(3, "web-3", "/w/c", null, AgentState.WAITING, 100),
                agent(4, "web-4", "/w/d", null, AgentState.BUSY, 950));
        assertEquals(List.of(3, 2, 4, 1), AgentQuery.rank(agents, "web").stream().map(m -> m.agent().pid()).toList());
        assertEquals(3, AgentQuery.longestWaiting(agents).orElseThrow().pid());
    }

    @Test
    void matchesEveryField() {
        Agent a = agent(4242, "zeta", "/home/u/src/billing", "feat/invoices", AgentState.IDLE, 1, new Pane("ops", "%17"));
        List<Agent> one = List.of(a, agent(7, "other", "/x/y", "main", AgentState.IDLE, 1));
        assertEquals("branch", AgentQuery.choose(one, "invoices").orElseThrow().field());
        assertEquals("goal", AgentQuery.choose(one, "login").orElseThrow().field());
        assertEquals("pid", AgentQuery.choose(one, "4242").orElseThrow().field());
        assertEquals("session_id", AgentQuery.choose(one, "sid4242").orElseThrow().field());
        assertEquals("tmux", AgentQuery.choose(one, "%17").orElseThrow().field());
        assertEquals("tmux", AgentQuery.choose(one, "ops").orElseThrow().field());
        assertEquals(4242, AgentQuery.choose(one, "BILL").orElseThrow().agent().pid());
        assertTrue(AgentQuery.choose(one, "424").isEmpty() || AgentQuery.choose(one, "424").get().field() != "pid");
        assertTrue(AgentQuery.rank(one, "qqq").isEmpty());
        assertEquals(4242, AgentQuery.closest(one, "zet", 1).get(0).pid());
    }

    @Test
    void deadAgentsNeverMatch() {
        Agent dead = agent(9, "api", "/w/api", null, AgentState.DEAD, 1);
        assertTrue(AgentQuery.rank(List.of(dead), "api").isEmpty());
    }
}
