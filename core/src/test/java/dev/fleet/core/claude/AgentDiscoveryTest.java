package dev.fleet.core.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.proc.FakeProc;
import dev.fleet.core.proc.ProcSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentDiscoveryTest {
    /** What the tmux, kitty and i3 layers ask for together (core's own class path has no layer; see LayersTest). */
    static final Set<String> BRIDGES_ASK = Set.of(
            "KITTY_PID", "KITTY_WINDOW_ID", "KITTY_LISTEN_ON", "I3SOCK", "SWAYSOCK", "WAYLAND_DISPLAY",
            "DISPLAY", "TMUX", "TMUX_PANE", "WINDOWID", "TERM_PROGRAM", "XDG_RUNTIME_DIR");

    @TempDir
    Path tmp;

    Path cfg;
    FakeProc proc;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        cfg = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        proc = new FakeProc(Files.createDirectories(tmp.resolve("proc")));
        proc.add(1, 0, 1, "init");
    }

    private void session(int pid, String json) throws IOException {
        Files.writeString(cfg.resolve("sessions/" + pid + ".json"), json);
    }

    private static String file(int pid, String sid, String cwd, long procStart, String status, long since) {
        return "{\"pid\":" + pid + ",\"sessionId\":\"" + sid + "\",\"cwd\":\"" + cwd + "\",\"startedAt\":1,"
                + "\"procStart\":\"" + procStart + "\",\"version\":\"2.1.330\",\"peerProtocol\":1,"
                + "\"peerFeatures\":[\"notify_idle\"],\"kind\":\"interactive\",\"name\":\"n" + pid + "\","
                + "\"nameSource\":\"derived\",\"status\":\"" + status + "\",\"updatedAt\":" + since
                + ",\"statusUpdatedAt\":" + since + ",\"someFutureField\":{\"x\":[1,2]}}";
    }

    private List<Agent> discover(boolean all) {
        return new AgentDiscovery(cfg, warnings::add, id -> null, BRIDGES_ASK).discover(ProcSnapshot.read(proc.root()), all);
    }

    @Test
    void readsTheRealFormatAndIgnoresUnknownFields() throws IOException {
        proc.add(7033, 1, 23611, "claude").environ(7033, Map.of("KITTY_PID", "900", "TMUX_PANE", "%3", "PATH", "/bin"));
        // the sample observed from Claude Code 2.1.330 (copied from shared/facts)
        try (var in = getClass().getResourceAsStream("/claude-code-2.1.330-session.json")) {
            session(7033, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        List<Agent> agents = discover(false);
        assertEquals(List.of(), warnings);
        assertEquals(1, agents.size());
        Agent a = agents.get(0);
        assertEquals(7033, a.pid());
        assertEquals("b4972c4f-5afb-41ad-aea2-c1fff90c344e", a.sessionId());
        assertEquals("work-55", a.displayName());
        assertEquals(AgentState.IDLE, a.state());
        assertEquals(1795314337363L, a.stateSince());
        assertEquals(Map.of("KITTY_PID", "900", "TMUX_PANE", "%3"), a.hints());
    }

    @Test
    void pidReuseIsNotALiveAgentButShowsAsDeadWithAll() throws IOException {
        proc.add(500, 1, 999, "bash"); // pid 500 now belongs to another process
        session(500, file(500, "s500", "/w/a", 123, "busy", 10));
        assertEquals(List.of(), discover(false));
        List<Agent> all = discover(true);
        assertEquals(1, all.size());
        assertEquals(AgentState.DEAD, all.get(0).state());
        assertEquals(List.of(), warnings);
    }

    @Test
    void goneProcessIsDead() throws IOException {
        session(501, file(501, "s501", "/w/a", 123, "idle", 10));
        assertEquals(0, discover(false).size());
        assertEquals(AgentState.DEAD, discover(true).get(0).state());
    }

    @Test
    void malformedFilesAreSkippedWithOneWarningEachAndOthersStillListed() throws IOException {
        proc.add(10, 1, 5, "claude").add(11, 1, 5, "claude").add(12, 1, 5, "claude");
        session(10, file(10, "good", "/w/good", 5, "idle", 10));
        session(11, "{\"pid\": 11, \"sessionId\": ");
        session(12, "{\"pid\": 12}");
        Files.writeString(cfg.resolve("sessions/13.json"), "[1,2]");
        Files.writeString(cfg.resolve("sessions/14.json"), file(14, "../../etc/passwd", "/w", 5, "idle", 1));
        Files.writeString(cfg.resolve("sessions/10.abc123.key"), "secret");
        Files.createDirectories(cfg.resolve("sessions/dir.json"));
        Files.createSymbolicLink(cfg.resolve("sessions/link.json"), cfg.resolve("sessions/10.json"));
        List<Agent> agents = discover(true);
        assertEquals(List.of("good"), agents.stream().map(Agent::sessionId).toList());
        assertEquals(4, warnings.size(), warnings.toString());
        assertTrue(warnings.stream().allMatch(w -> w.startsWith("skipping ") && !w.contains("\n")), warnings.toString());
        assertTrue(warnings.get(0).contains("11.json") && warnings.get(0).contains("malformed JSON"), warnings.get(0));
    }

    @Test
    void missingSessionsDirMeansNoAgentsAndNoWarning() {
        assertEquals(List.of(), new AgentDiscovery(tmp.resolve("nope"), warnings::add, id -> null)
                .discover(ProcSnapshot.read(proc.root()), true));
        assertEquals(List.of(), warnings);
    }

    @Test
    void statesAndOrder() throws IOException {
        long now = 1_000_000;
        int pid = 20;
        String[][] rows = {{"idle", "100"}, {"waiting", "300"}, {"busy", "50"}, {"waiting", "200"},
                {"thinking-hard", "10"}, {"busy", "60"}};
        for (String[] r : rows) {
            proc.add(pid, 1, 7, "claude");
            session(pid, file(pid, "s" + pid, "/w/" + pid, 7, r[0], now - Long.parseLong(r[1]) * 1000));
            pid++;
        }
        List<String> got = discover(false).stream().map(a -> a.state().label() + "@" + a.pid()).toList();
        // waiting longest first, then busy and idle most recent first, then unknown
        assertEquals(List.of("waiting@21", "waiting@23", "busy@22", "busy@25", "idle@20", "unknown@24"), got);
    }

    @Test
    void sidecarsAndBranch() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("src/api/sub"));
        Files.createDirectories(tmp.resolve("src/api/.git"));
        Files.writeString(tmp.resolve("src/api/.git/HEAD"), "ref: refs/heads/feat/x\n");
        Path wt = Files.createDirectories(tmp.resolve("src/wt"));
        Files.createDirectories(tmp.resolve("src/api/.git/worktrees/wt"));
        Files.writeString(tmp.resolve("src/api/.git/worktrees/wt/HEAD"), "0123456789abcdef0123456789abcdef01234567\n");
        Files.writeString(wt.resolve(".git"), "gitdir: ../api/.git/worktrees/wt\n");
        proc.add(30, 1, 3, "claude").add(31, 1, 3, "claude");
        session(30, file(30, "sid30", repo.toString(), 3, "idle", 5));
        session(31, file(31, "sid31", wt.toString(), 3, "idle", 4));
        Files.createDirectories(cfg.resolve("goals"));
        Files.writeString(cfg.resolve("goals/sid30.json"), "{\"goal\":\"ship auth\",\"phase\":\"p2\",\"role\":\"dev\",\"rename\":\"auth\"}");
        Files.createDirectories(cfg.resolve("runtime"));
        Files.writeString(cfg.resolve("runtime/sid30.json"), "{\"ctx_pct\": 42}");
        Files.writeString(cfg.resolve("runtime/sid31.json"), "not json");
        List<Agent> agents = discover(false);
        Agent a = agents.get(0).pid() == 30 ? agents.get(0) : agents.get(1);
        Agent b = agents.get(0).pid() == 31 ? agents.get(0) : agents.get(1);
        assertEquals("feat/x", a.branch());
        assertEquals("auth", a.displayName());
        assertEquals("ship auth", a.goal().goal());
        assertEquals(42, a.ctxPct());
        assertEquals("0123456", b.branch());
        assertNull(b.ctxPct());
        assertNull(b.goal());
        assertEquals("n31", b.displayName());
    }

    @Test
    void labelWinsOverEveryOtherName() throws IOException {
        proc.add(40, 1, 3, "claude");
        session(40, file(40, "sid40", "/w/x", 3, "idle", 5));
        List<Agent> agents = new AgentDiscovery(cfg, warnings::add, id -> id.equals("sid40") ? "review MR" : null)
                .discover(ProcSnapshot.read(proc.root()), false);
        assertEquals("review MR", agents.get(0).displayName());
    }
}
