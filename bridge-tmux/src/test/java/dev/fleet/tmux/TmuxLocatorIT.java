package dev.fleet.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.core.scan.FleetScan;
import dev.fleet.testkit.SessionFiles;
import dev.fleet.testkit.TmuxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tmux locator against real tmux servers on private sockets, both {@code -L} and {@code -S}. */
class TmuxLocatorIT {
    @TempDir
    Path tmp;

    final List<AutoCloseable> cleanup = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    private TmuxServer server(TmuxServer s) {
        cleanup.add(s);
        return s;
    }

    /** Writes the session file Claude Code would write for {@code pid} (testkit's real 2.1.x field set). */
    private void session(int pid, String sid, String status) {
        Map<String, Object> f = SessionFiles.fields(pid, tmp, status, System.currentTimeMillis());
        f.put("sessionId", sid);
        SessionFiles.write(tmp.resolve("claude"), f);
    }

    /** The agent process under a pane's shell (the pane runs {@code sh -c 'sleep …; true'}). */
    private static int childOf(int pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<Integer> kids = ProcSnapshot.read(Path.of("/proc")).children(pid);
            if (!kids.isEmpty()) return kids.get(0);
            Thread.sleep(50);
        }
        throw new AssertionError("no child of " + pid);
    }

    private Map<String, Agent> scan(List<String> extraSockets) {
        // only this test's own servers: testkit's -L servers live in the test's own TMUX_TMPDIR, and
        // nothing else of the caller's environment (TMUX, a developer's sockets)
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("TMUX_TMPDIR", dev.fleet.testguard.TestDirs.tmuxTmpdir().toString());
        FleetScan scan = new FleetScan(tmp.resolve("claude"), Path.of("/proc"), env,
                Map.of(TmuxLocator.SOCKET_OPTION, extraSockets), warnings::add, s -> {}, id -> null,
                new Locators(List.of(new TmuxLayer(), new OuterLayersAsk("KITTY_WINDOW_ID", "I3SOCK"))));
        Map<String, Agent> bySid = new HashMap<>();
        for (Agent a : scan.run(false).agents()) bySid.put(a.sessionId(), a);
        return bySid;
    }

    /**
     * Stands in for the kitty and window-manager layers this module cannot see: the tmux layer copies
     * from the client's environ exactly what the other loaded layers ask for.
     */
    private record OuterLayersAsk(Set<String> hintEnv) implements Layer {
        OuterLayersAsk(String... keys) {
            this(Set.of(keys));
        }

        public String id() {
            return "outer";
        }

        public int depth() {
            return 200;
        }

        public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
            return agents;
        }

        public List<FocusStep> planFocus(FocusContext ctx, Agent agent) {
            return List.of();
        }

        public List<Finding> probe(LocateContext ctx, List<Agent> agents) {
            return List.of();
        }
    }

    private static TmuxPane pane(Agent a) {
        return a.location(TmuxPane.class).orElseThrow(() -> new AssertionError(a.sessionId() + " has no tmux pane"));
    }

    @Test
    void findsEveryAgentsPaneOnNamedAndPathServers() throws Exception {
        TmuxServer named = server(TmuxServer.named());
        TmuxServer path = server(TmuxServer.atPath());
        // the pane process itself is the agent
        TmuxServer.Pane p1 = named.newSession("work", tmp, "sleep", "100001");
        // a non-current window, the agent a child of the pane's shell
        TmuxServer.Pane p2 = named.newWindow("work", tmp, "sh", "-c", "sleep 100002; true");
        named.run("select-window", "-t", "work:0");
        // a non-active split pane
        TmuxServer.Pane p3 = named.splitWindow("work:0", tmp, "sh", "-c", "sleep 100003; true");
        named.run("select-pane", "-t", p1.id());
        // a server on an explicit socket path, found through the agent's TMUX variable
        TmuxServer.Pane p4 = path.newSession("side", tmp, "sh", "-c", "sleep 100004; true");
        // an agent outside tmux
        Process outside = new ProcessBuilder("sleep", "100005").start();
        cleanup.add(outside::destroy);

        session(p1.pid(), "a1", "busy");
        session(childOf(p2.pid()), "a2", "waiting");
        session(childOf(p3.pid()), "a3", "idle");
        session(childOf(p4.pid()), "a4", "idle");
        session((int) outside.pid(), "a5", "idle");

        Map<String, Agent> agents = scan(List.of());
        assertEquals(5, agents.size(), agents.keySet().toString());

        TmuxPane a1 = pane(agents.get("a1"));
        assertEquals(p1.id(), a1.pane().paneId());
        assertEquals("work", a1.pane().sessionName());
        assertEquals(0, a1.pane().windowIndex());
        assertTrue(a1.pane().paneActive() && a1.pane().windowActive());
        assertEquals(named.socketPath(), a1.socket());
        assertEquals(Integer.parseInt(named.run("display-message", "-p", "#{pid}").trim()), a1.serverPid());
        assertEquals(named.socketPath().getFileName().toString(), a1.serverName());
        assertTrue(agents.get("a1").toJson().toString().contains("pane_id=" + p1.id()));

        TmuxPane a2 = pane(agents.get("a2"));
        assertEquals(p2.id(), a2.pane().paneId());
        assertEquals(1, a2.pane().windowIndex());
        assertFalse(a2.pane().windowActive());

        TmuxPane a3 = pane(agents.get("a3"));
        assertEquals(p3.id(), a3.pane().paneId());
        assertEquals(1, a3.pane().paneIndex());
        assertFalse(a3.pane().paneActive());

        TmuxPane a4 = pane(agents.get("a4"));
        assertEquals(p4.id(), a4.pane().paneId());
        assertEquals(path.socketPath(), a4.socket());
        assertEquals(path.socketPath().toString(), a4.serverName());
        assertTrue(a4.where().startsWith("tmux " + path.socketPath() + ":" + p4.id() + " side:0.0"), a4.where());

        assertTrue(agents.get("a5").locations().isEmpty());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aServerStartedWithDashSIsFoundThroughTheOptionToo() throws Exception {
        TmuxServer path = server(TmuxServer.atPath());
        // the agent's own TMUX is hidden here (env -u TMUX execs sleep: same pid), so only the option finds it
        TmuxServer.Pane p = path.newSession("opt", tmp, "env", "-u", "TMUX", "sleep", "100006");
        // until env has exec'd sleep, the process still carries TMUX
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ProcSnapshot.readStat(Path.of("/proc"), p.pid()).orElseThrow().comm().equals("sleep")
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        session(p.pid(), "b1", "idle");
        assertTrue(scan(List.of()).get("b1").locations().isEmpty());
        assertEquals(p.id(), pane(scan(List.of(path.socketPath().toString())).get("b1")).pane().paneId());
    }

    /**
     * Locating again (the daemon's switch) reads the agent's hints anew: a picture may hold the hints of a
     * moment when the process was forked but not yet exec'd, with its parent's environ (no TMUX) — then a
     * server on a socket outside the socket dir could never be found again.
     */
    @Test
    void locatingAgainReadsTheAgentsHintsAnew() throws Exception {
        TmuxServer path = server(TmuxServer.atPath());
        TmuxServer.Pane p = path.newSession("late", tmp, "sleep", "100009");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("TMUX_TMPDIR", dev.fleet.testguard.TestDirs.tmuxTmpdir().toString());
        FleetScan scan = new FleetScan(tmp.resolve("claude"), Path.of("/proc"), env, Map.of(), warnings::add, s -> {},
                id -> null, new Locators(List.of(new TmuxLayer())));
        // as the picture had it: no hints, and a stale place
        Agent early = new Agent(p.pid(), "late-1", null, null, null, null, tmp.toString(), null, dev.fleet.core.claude.AgentState.IDLE,
                0L, null, 0L, "2.1.330", Map.of(), List.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ProcSnapshot.readStat(Path.of("/proc"), p.pid()).orElseThrow().comm().equals("sleep") && System.nanoTime() < deadline) {
            Thread.sleep(20); // the pane's process runs sleep, with TMUX in its environ
        }
        Agent again = scan.locate(ProcSnapshot.read(Path.of("/proc")), List.of(early)).get(0);
        assertEquals(p.id(), pane(again).pane().paneId());
        assertEquals(path.socketPath().toString(), again.hints().get("TMUX").split(",")[0]);
    }

    @Test
    void aLyingTmuxPaneHintIsNotTrusted() throws Exception {
        TmuxServer named = server(TmuxServer.named());
        TmuxServer.Pane decoy = named.newSession("decoy", tmp, "sleep", "100007");
        ProcessBuilder pb = new ProcessBuilder("sleep", "100008");
        pb.environment().put("TMUX_PANE", decoy.id());
        pb.environment().put("TMUX", named.socketPath() + ",1,0");
        Process outside = pb.start();
        cleanup.add(outside::destroy);
        session((int) outside.pid(), "c1", "idle");
        assertTrue(scan(List.of()).get("c1").locations().isEmpty());
    }

    @Test
    void aStaleSocketIsSkippedQuietly() throws Exception {
        TmuxServer stale = server(TmuxServer.named());
        stale.newSession("gone", tmp, "sleep", "100009");
        int serverPid = Integer.parseInt(stale.run("display-message", "-p", "#{pid}").trim());
        ProcessHandle.of(serverPid).orElseThrow().destroyForcibly();
        ProcessHandle.of(serverPid).ifPresent(h -> h.onExit().orTimeout(5, TimeUnit.SECONDS).join());
        assertTrue(TmuxSockets.isSocket(stale.socketPath()), "the dead server leaves its socket behind");

        TmuxServer live = server(TmuxServer.named());
        TmuxServer.Pane p = live.newSession("live", tmp, "sleep", "100010");
        session(p.pid(), "d1", "idle");
        assertEquals(p.id(), pane(scan(List.of(stale.socketPath().toString())).get("d1")).pane().paneId());
        assertEquals(List.of(), warnings);
    }

    @Test
    void clientsShowingTheSessionAndTheirTerminalVariables() throws Exception {
        TmuxServer inner = server(TmuxServer.named());
        TmuxServer.Pane p = inner.newSession("agents", tmp, "sleep", "100011");
        session(p.pid(), "e1", "waiting");
        // A client attached from inside another tmux: its environment carries terminal variables.
        TmuxServer outer = server(TmuxServer.named());
        List<String> attach = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
        attach.addAll(inner.socketArgs());
        attach.addAll(List.of("attach", "-t", "agents"));
        outer.newSession("term", tmp, Map.of("KITTY_WINDOW_ID", "77", "I3SOCK", "/tmp/fake-i3.sock"), attach);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inner.run("list-clients").isBlank() && System.nanoTime() < deadline) Thread.sleep(50);

        Agent a = scan(List.of()).get("e1");
        TmuxPane loc = pane(a);
        assertTrue(loc.shown());
        assertEquals(1, loc.clients().size());
        assertEquals("agents", loc.clients().get(0).sessionName());
        assertEquals("77", a.hints().get("KITTY_WINDOW_ID"));
        assertEquals("/tmp/fake-i3.sock", a.hints().get("I3SOCK"));
        assertEquals(List.of(loc.clients().get(0).pid()), loc.hostPids());
    }

    @Test
    void aPaneSeenThroughFleetsLinkedSessionsStillLivesInItsOwnSessionAndViewersAreNotClients() throws Exception {
        TmuxServer s = server(TmuxServer.named());
        // "agents" sorts before "fleet-ws-…": tmux lists the linked session's row last
        TmuxServer.Pane p = s.newSession("agents", tmp, "sleep", "100012");
        // what the workspace does: a linked session in the agent's group, attached by an ignore-size viewer
        s.run("new-session", "-d", "-t", "agents", "-s", TmuxLocator.LINKED_PREFIX + "0a1b2c3d");
        TmuxServer outer = server(TmuxServer.named());
        List<String> view = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
        view.addAll(s.socketArgs());
        view.addAll(List.of("attach-session", "-f", "ignore-size", "-t", "=" + TmuxLocator.LINKED_PREFIX + "0a1b2c3d"));
        outer.newSession("viewer", tmp, view.toArray(String[]::new));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s.run("list-clients").isBlank() && System.nanoTime() < deadline) Thread.sleep(50);
        session(p.pid(), "f1", "idle");

        TmuxPane loc = pane(scan(List.of()).get("f1"));
        assertEquals("agents", loc.pane().sessionName());
        assertTrue(loc.clients().isEmpty(), "the workspace viewer is not a client showing the agent: " + loc.clients());
        assertEquals(null, loc.fallback());
    }
}
