package dev.fleet.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.json.Json;
import dev.fleet.core.locate.Location;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentTableTest {
    static final long NOW = 1_800_000_000_000L;

    record FakeTmux(String where) implements Location {
        public String layer() {
            return "tmux";
        }

        public Object toJson() {
            return Map.of("pane_id", "%12");
        }
    }

    static Agent agent(int pid, String name, AgentState st, long ago, String cwd, String branch, Location... locs) {
        return new Agent(pid, "sid-" + pid, name, null, null, null, cwd, branch, st, NOW - ago,
                st == AgentState.WAITING ? NOW - ago : null, 0, "2.1.330", Map.of(), List.of(locs));
    }

    @Test
    void tableHasTheColumnsAndAgesAUserReads() {
        List<Agent> agents = List.of(
                agent(11, "api-3c", AgentState.WAITING, 185_000, "/home/u/src/api", "feat/auth", new FakeTmux("tmux fleet:%12 work:2.0")),
                agent(12, null, AgentState.BUSY, 12_000, "/home/u/src/web", null),
                agent(13, "docs", AgentState.IDLE, 2 * 3600_000 + 5, "/srv/docs", "main"));
        String out = AgentTable.render(agents, NOW, "/home/u", new Style(false));
        List<String> lines = out.lines().toList();
        assertEquals(4, lines.size(), out);
        assertTrue(lines.get(0).matches("NAME +STATE +PID +WHERE +CWD +BRANCH"), lines.get(0));
        assertTrue(lines.get(1).matches("api-3c +waiting 3m +11 +tmux fleet:%12 work:2\\.0 +~/src/api +feat/auth"), lines.get(1));
        assertTrue(lines.get(2).matches("web +busy 12s +12 +- +~/src/web +-"), lines.get(2));
        assertTrue(lines.get(3).matches("docs +idle 2h +13 +- +/srv/docs +main"), lines.get(3));
        assertFalse(out.contains("\033"), "no colour when not on a terminal");
        // columns line up
        assertEquals(lines.get(0).indexOf("PID"), lines.get(1).indexOf("11"));
    }

    @Test
    void withHostsEveryRowSaysItsHostAndAHostsStringsCannotDriveTheTerminal() {
        Map<String, Object> remote = new java.util.LinkedHashMap<>();
        remote.put("host", "box");
        remote.put("pid", 4242);
        remote.put("name", "evil\033]0;owned\007name");
        remote.put("state", "waiting");
        remote.put("state_since", NOW - 65_000);
        remote.put("waiting_since", NOW - 65_000);
        remote.put("cwd", "/srv/\033[2Jx");
        remote.put("branch", 7); // mistyped: shown as '-'
        remote.put("tmux", Map.of("server", "default", "pane_id", "%3", "session", "work"));
        String out = AgentTable.renderHosts("here", List.of(agent(11, "api", AgentState.IDLE, 5_000, "/home/u/api", "main")),
                List.of(new RemoteAgents.Listing("box", List.of(remote))), NOW, "/home/u", new Style(false));
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        assertTrue(lines.get(0).matches("HOST +NAME +STATE +PID +WHERE +CWD +BRANCH"), lines.get(0));
        assertTrue(lines.get(1).matches("here +api +idle 5s +11 +- +~/api +main"), lines.get(1));
        assertTrue(lines.get(2).matches("box +evil\\]0;ownedname +waiting 1m +4242 +tmux default:%3 work +/srv/\\[2Jx +-"), lines.get(2));
        assertFalse(out.contains("\033") || out.contains("\007"), "a control character of the host's reached the output");
    }

    @Test
    void colourOnlyWhenEnabled() {
        String out = AgentTable.render(List.of(agent(1, "a", AgentState.WAITING, 1000, "/x", null)), NOW, "/h", new Style(true));
        assertTrue(out.contains("\033[1;33mwaiting 1s"), out);
    }

    @Test
    void ages() {
        assertEquals("0s", Ages.format(-5));
        assertEquals("59s", Ages.format(59_999));
        assertEquals("1m", Ages.format(60_000));
        assertEquals("59m", Ages.format(3_599_999));
        assertEquals("1h", Ages.format(3_600_000));
        assertEquals("47h", Ages.format(47 * 3_600_000L));
        assertEquals("2d", Ages.format(48 * 3_600_000L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHasTheStableFields() {
        List<Object> json = ListCommand.toJson(List.of(
                agent(11, "api", AgentState.WAITING, 5000, "/w/api", "main", new FakeTmux("t")),
                agent(12, "web", AgentState.IDLE, 5000, "/w/web", null)));
        List<Object> back = (List<Object>) Json.parse(Json.writePretty(json));
        Map<String, Object> a = (Map<String, Object>) back.get(0);
        for (String k : List.of("host", "user", "pid", "session_id", "name", "state", "state_since", "cwd", "branch", "tmux")) {
            assertTrue(a.containsKey(k), "missing " + k + " in " + a.keySet());
        }
        assertEquals(11L, a.get("pid"));
        assertEquals("waiting", a.get("state"));
        assertEquals(NOW - 5000, a.get("state_since"));
        assertEquals("%12", ((Map<String, Object>) a.get("tmux")).get("pane_id"));
        Map<String, Object> b = (Map<String, Object>) back.get(1);
        assertTrue(b.containsKey("tmux"));
        assertNull(b.get("tmux"));
        assertNull(b.get("branch"));
        for (String k : a.keySet()) assertTrue(k.matches("[a-z0-9_]+"), "not snake_case: " + k);
    }

    @Test
    void lsOptionsFastReaderLeavesAnythingUnusualToPicocli() {
        Spec ls = new LsCommand().spec();
        Args o = ArgParser.parse(ls, new String[] {"ls", "--json", "-a", "--tmux-socket", "/x", "--tmux-socket=/y"}, 1);
        assertTrue(o.flag("--json") && o.flag("--all"));
        assertEquals(List.of("/x", "/y"), o.values("--tmux-socket"));
        assertNull(ArgParser.parse(ls, new String[] {"ls", "--help"}, 1));
        assertNull(ArgParser.parse(ls, new String[] {"ls", "--jsn"}, 1));
        assertNull(ArgParser.parse(ls, new String[] {"ls", "--tmux-socket"}, 1));
    }
}
