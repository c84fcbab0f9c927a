package dev.fleet.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.scan.FleetScan;
import dev.fleet.testkit.ClaudeAgent;
import dev.fleet.testkit.ClaudeCode;
import dev.fleet.testkit.FakeModelApi;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.tmux.TmuxLayer;
import dev.fleet.tmux.TmuxLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator on real tmux: six agents on two servers (three real Claude Code processes against the
 * fake Messages API, three stand-ins), open, sizes, capture, refresh after add/kill, close, and a
 * failure injected mid-open.
 */
class WorkspaceIT {
    private static final Exec EXEC = Exec.withTimeout(Duration.ofSeconds(10));

    @TempDir
    Path tmp;

    private Path aggSocket;

    private WorkspaceConfig config() {
        aggSocket = Path.of("/tmp", "fleet-test-ws-" + UUID.randomUUID().toString().substring(0, 8) + ".sock");
        return new WorkspaceConfig(aggSocket, "fleet-workspace", tmp.resolve("state/workspace.json"), "tiled",
                240, 72, "/opt/fleet bin/fleet");
    }

    private static List<Agent> scan(Path configDir, TmuxServer... servers) {
        List<String> sockets = new ArrayList<>();
        for (TmuxServer s : servers) sockets.add(s.socketPath().toString());
        Map<String, String> env = new HashMap<>();
        env.put("TMUX_TMPDIR", "/nonexistent-fleet-test");
        FleetScan scan = new FleetScan(configDir, Path.of("/proc"), env, Map.of(TmuxLocator.SOCKET_OPTION, sockets),
                m -> {}, m -> {}, id -> null, new Locators(List.of(new TmuxLayer())));
        return scan.run(false).agents();
    }

    private static Exec.Result tmux(Path socket, String... args) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        argv.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("TMUX", null);
        return EXEC.run(argv, env, null);
    }

    private static List<String> sessions(Path socket) {
        Exec.Result r = tmux(socket, "list-sessions", "-F", "#{session_name}");
        return r.ok() ? r.out().lines().toList() : List.of();
    }

    /** window id → WxH of every window of the agent sessions. */
    private static Map<String, String> windowSizes(TmuxServer... servers) {
        Map<String, String> m = new LinkedHashMap<>();
        for (TmuxServer s : servers) {
            for (String l : s.run("list-windows", "-a", "-F", "#{session_name} #{window_id} #{window_width}x#{window_height}").split("\n")) {
                String[] f = l.split(" ");
                if (f.length == 3 && !WorkspaceTarget.isLinked(f[0])) m.put(s.socketPath() + f[1], f[2]);
            }
        }
        return m;
    }

    /** A full-size (200x51) client attached to each agent session, from a separate viewer server. */
    private static void attachViewers(TmuxServer viewer, TmuxServer server, String... sessions) {
        for (String s : sessions) {
            viewer.run("new-session", "-d", "-s", "v" + Math.abs((server.socketPath() + s).hashCode()), "-x", "200", "-y", "51",
                    "TMUX= tmux -S " + server.socketPath() + " attach -t =" + s);
        }
    }

    private static String capture(Path socket, String pane) {
        Exec.Result r = tmux(socket, "capture-pane", "-p", "-t", pane);
        return r.ok() ? r.out() : "(capture failed: " + r.err() + ")";
    }

    private static void waitFor(String what, Duration d, java.util.function.BooleanSupplier ok, java.util.function.Supplier<String> show) {
        long deadline = System.nanoTime() + d.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + " within " + d.toSeconds() + " s; " + show.get());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void sixAgentsOnTwoServersOpenRefreshClose() throws Exception {
        Require.tool("tmux");
        Require.claudeCode();
        Path configDir = Files.createDirectories(tmp.resolve("claude"));
        Workspace ws = new Workspace(config(), EXEC);
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer a = TmuxServer.named(); TmuxServer b = TmuxServer.atPath();
             TmuxServer viewer = TmuxServer.named(); ClaudeCode claude = ClaudeCode.create(api, configDir)) {
            long t0 = System.nanoTime();
            List<ClaudeAgent> reals = new ArrayList<>();
            Map<String, String> replyOf = new LinkedHashMap<>();
            String[][] places = {{"a", "c1"}, {"a", "c2"}, {"b", "c3"}};
            // trust every folder before the first process starts: a running Claude Code rewrites
            // .claude.json from memory and would drop a folder trusted after it started
            for (String[] p : places) claude.trust(Files.createDirectories(tmp.resolve("work-" + p[1])));
            for (String[] p : places) {
                Path cwd = tmp.resolve("work-" + p[1]);
                String reply = "pong-" + p[1] + "-" + UUID.randomUUID().toString().substring(0, 6);
                api.replyText("ping-" + p[1], reply);
                replyOf.put(p[1], reply);
                reals.add(claude.startInTmux(p[0].equals("a") ? a : b, p[1], cwd));
            }
            for (int i = 0; i < reals.size(); i++) {
                reals.get(i).prompt("ping-" + places[i][1]);
                reals.get(i).awaitStatus("idle", Duration.ofSeconds(60));
            }
            System.err.println("[workspace-it] 3 Claude Code agents ready after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            StandInAgent s1 = StandInAgent.builder(configDir).cwd(tmp).status("waiting").inTmux(a, "s1");
            StandInAgent s2 = StandInAgent.builder(configDir).cwd(tmp).status("busy").inTmux(b, "s2");
            StandInAgent s3 = StandInAgent.builder(configDir).cwd(tmp).inTmux(b, "s3");
            attachViewers(viewer, a, "c1", "c2", "s1");
            attachViewers(viewer, b, "c3", "s2", "s3");
            waitFor("viewers attached", Duration.ofSeconds(10),
                    () -> a.run("list-clients", "-F", "x").lines().count() == 3 && b.run("list-clients", "-F", "x").lines().count() == 3,
                    () -> a.run("list-clients"));
            Map<String, String> before = windowSizes(a, b);
            assertTrue(before.values().stream().allMatch(v -> v.equals("200x50")), before.toString());

            List<Agent> agents = scan(configDir, a, b);
            assertEquals(6, agents.size(), agents.toString());
            WorkspaceTargets.Selection sel = WorkspaceTargets.select(agents, EXEC);
            assertEquals(6, sel.targets().size(), sel.skipped().toString());
            long o0 = System.nanoTime();
            Workspace.Outcome out = ws.open(sel.targets());
            System.err.println("[workspace-it] open of 6 panes took " + (System.nanoTime() - o0) / 1_000_000 + " ms");
            assertEquals("opened", out.action());
            assertEquals(6, out.state().panes().size());
            assertEquals(6, tmux(aggSocket, "list-panes", "-t", "=fleet-workspace:", "-F", "#{pane_id}").out().lines().count());

            // each aggregator pane shows its own agent: the stand-in's marker, or the Claude agent's own reply
            Map<Integer, String> expect = new HashMap<>();
            expect.put(s1.pid(), s1.marker());
            expect.put(s2.pid(), s2.marker());
            expect.put(s3.pid(), s3.marker());
            for (int i = 0; i < reals.size(); i++) expect.put(reals.get(i).pid(), replyOf.get(places[i][1]));
            for (WorkspaceState.PaneEntry e : out.state().panes()) {
                String want = expect.get(e.target().agentPid());
                waitFor("aggregator pane " + e.aggregatorPane() + " shows " + want, Duration.ofSeconds(15),
                        () -> capture(aggSocket, e.aggregatorPane()).contains(want), () -> capture(aggSocket, e.aggregatorPane()));
                for (String other : expect.values()) {
                    if (!other.equals(want)) assertFalse(capture(aggSocket, e.aggregatorPane()).contains(other), "pane shows another agent");
                }
                String title = tmux(aggSocket, "display", "-p", "-t", e.aggregatorPane(), "#{pane_title}").out().strip();
                assertEquals(e.target().title(), title);
            }
            // the pane clients are attached (with ignore-size) and the agents' windows kept their size
            assertEquals(before, windowSizes(a, b));
            assertEquals(6, a.run("list-clients", "-F", "#{client_flags}").lines().filter(l -> l.contains("ignore-size")).count()
                    + b.run("list-clients", "-F", "#{client_flags}").lines().filter(l -> l.contains("ignore-size")).count());
            // a second open finds the same workspace: nothing duplicated
            Workspace.Outcome again = ws.open(WorkspaceTargets.select(scan(configDir, a, b), EXEC).targets());
            assertEquals("unchanged", again.action());
            assertEquals(List.of("fleet-workspace"), sessions(aggSocket));
            assertEquals(6, sessions(a.socketPath()).stream().filter(WorkspaceTarget::isLinked).count()
                    + sessions(b.socketPath()).stream().filter(WorkspaceTarget::isLinked).count());

            // add an agent, kill one, refresh: the panes follow
            StandInAgent s4 = StandInAgent.builder(configDir).cwd(tmp).status("waiting").inTmux(a, "s4");
            s3.kill();
            Workspace.Outcome r = ws.refresh(WorkspaceTargets.select(scan(configDir, a, b), EXEC).targets());
            assertEquals("refreshed", r.action());
            assertEquals(1, r.added().size());
            assertEquals(1, r.removed().size());
            assertEquals(6, r.state().panes().size());
            assertEquals(6, tmux(aggSocket, "list-panes", "-t", "=fleet-workspace:", "-F", "#{pane_id}").out().lines().count());
            assertFalse(r.state().panes().stream().anyMatch(e -> e.target().agentPid() == s3.pid()));
            WorkspaceState.PaneEntry added = r.state().panes().stream().filter(e -> e.target().agentPid() == s4.pid()).findFirst().orElseThrow();
            waitFor("new pane shows s4", Duration.ofSeconds(10), () -> capture(aggSocket, added.aggregatorPane()).contains(s4.marker()),
                    () -> capture(aggSocket, added.aggregatorPane()));

            // state and log are on disk
            assertTrue(Files.readString(ws.config().stateFile()).contains(added.linkedSession()));
            String events = Files.readString(ws.config().eventLog());
            assertTrue(events.contains("\"event\":\"open\"") && events.contains("\"event\":\"refresh\""), events);

            // close: no fleet-made session anywhere, every agent session intact, idempotent
            List<String> agentSessionsA = sessions(a.socketPath()).stream().filter(n -> !WorkspaceTarget.isLinked(n)).toList();
            List<String> agentSessionsB = sessions(b.socketPath()).stream().filter(n -> !WorkspaceTarget.isLinked(n)).toList();
            assertTrue(ws.close());
            assertEquals(agentSessionsA, sessions(a.socketPath()));
            assertEquals(agentSessionsB, sessions(b.socketPath()));
            assertEquals(List.of(), sessions(aggSocket));
            assertFalse(Files.exists(ws.config().stateFile()));
            assertFalse(ws.close());
            for (ClaudeAgent c : reals) assertTrue(c.isAlive());
            assertTrue(s1.isAlive() && s2.isAlive() && s4.isAlive());
            assertEquals(before.size(), windowSizes(a, b).size()); // s3 window gone, s4 window new
            System.err.println("[workspace-it] whole test " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } finally {
            ws.close();
            tmux(aggSocket, "kill-server");
            Files.deleteIfExists(aggSocket);
        }
    }

    @Test
    void failureMidOpenLeavesNothingBehind() throws Exception {
        Require.tool("tmux");
        Path configDir = Files.createDirectories(tmp.resolve("claude"));
        int[] splits = {0};
        Workspace ws = new Workspace(config(), EXEC).withStepHook(step -> {
            if (step.equals("split-window") && ++splits[0] == 3) throw new IllegalStateException("injected failure");
        });
        try (TmuxServer a = TmuxServer.named(); TmuxServer b = TmuxServer.atPath()) {
            StandInAgent.builder(configDir).cwd(tmp).inTmux(a, "one");
            StandInAgent.builder(configDir).cwd(tmp).inTmux(a, "two");
            StandInAgent.builder(configDir).cwd(tmp).inTmux(b, "three");
            StandInAgent.builder(configDir).cwd(tmp).inTmux(b, "four");
            List<WorkspaceTarget> targets = WorkspaceTargets.select(scan(configDir, a, b), EXEC).targets();
            assertEquals(4, targets.size());
            WorkspaceException e = assertThrows(WorkspaceException.class, () -> ws.open(targets));
            assertEquals("split-window", e.step());
            assertTrue(e.getMessage().contains("injected failure") && e.getMessage().contains("removed"), e.getMessage());
            assertEquals(List.of("one", "two"), sessions(a.socketPath()));
            assertEquals(List.of("four", "three"), sessions(b.socketPath()).stream().sorted().toList());
            assertEquals(List.of(), sessions(aggSocket));
            assertFalse(Files.exists(ws.config().stateFile()));
            assertTrue(Files.readString(ws.config().eventLog()).contains("\"event\":\"open.failed\""));

            // the same open without the fault works, and a stale state (aggregator killed) is rebuilt, not duplicated
            Workspace ok = new Workspace(ws.config(), EXEC);
            assertEquals("opened", ok.open(targets).action());
            tmux(aggSocket, "kill-server");
            assertEquals("opened", ok.open(targets).action());
            assertEquals(2, sessions(a.socketPath()).stream().filter(WorkspaceTarget::isLinked).count());
            assertTrue(ok.close());
            assertEquals(List.of("one", "two"), sessions(a.socketPath()));
        } finally {
            ws.close();
            tmux(aggSocket, "kill-server");
            Files.deleteIfExists(aggSocket);
        }
    }

    @Test
    void closeRemovesItsOwnServerSocketButNeverAServerWithOtherSessions() throws Exception {
        Require.tool("tmux");
        Path configDir = Files.createDirectories(tmp.resolve("claude"));
        Workspace ws = new Workspace(config(), EXEC);
        try (TmuxServer a = TmuxServer.atPath()) {
            StandInAgent.builder(configDir).cwd(tmp).inTmux(a, "one");
            List<WorkspaceTarget> targets = WorkspaceTargets.select(scan(configDir, a), EXEC).targets();
            assertEquals("opened", ws.open(targets).action());
            assertTrue(Files.exists(aggSocket));
            assertTrue(ws.close());
            // what 'fleet doctor' would see: no socket file left, so no dead server to warn about
            assertFalse(Files.exists(aggSocket), "close leaves no dead socket of fleet's own server");
            assertEquals(List.of("one"), sessions(a.socketPath()));

            // a server that also holds someone else's session is not stopped, its socket stays
            assertEquals("opened", ws.open(targets).action());
            assertTrue(tmux(aggSocket, "new-session", "-d", "-s", "someone-else").ok());
            assertTrue(ws.close());
            assertEquals(List.of("someone-else"), sessions(aggSocket));
            assertTrue(Files.exists(aggSocket));
        } finally {
            ws.close();
            tmux(aggSocket, "kill-server");
            Files.deleteIfExists(aggSocket);
        }
    }

    @Test
    void agentsNotInTmuxAreSkippedWithAReason() throws Exception {
        Require.tool("tmux");
        Path configDir = Files.createDirectories(tmp.resolve("claude"));
        try (TmuxServer a = TmuxServer.named();
             StandInAgent in = StandInAgent.builder(configDir).cwd(tmp).inTmux(a, "in");
             StandInAgent out = StandInAgent.builder(configDir).cwd(tmp).start()) {
            WorkspaceTargets.Selection sel = WorkspaceTargets.select(scan(configDir, a), EXEC);
            assertEquals(1, sel.targets().size());
            assertEquals(in.pid(), sel.targets().get(0).agentPid());
            assertEquals(1, sel.skipped().size());
            assertEquals(out.pid(), sel.skipped().get(0).agent().pid());
            assertTrue(sel.skipped().get(0).reason().startsWith("not in tmux"));
        }
    }
}
