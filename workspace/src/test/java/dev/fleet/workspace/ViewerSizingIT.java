package dev.fleet.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.scan.FleetScan;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.tmux.TmuxLayer;
import dev.fleet.tmux.TmuxLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer sizing rule ({@link ViewerClient}) on real tmux, checked the way a user would: window
 * sizes from {@code display -p '#{window_width}x#{window_height}'} and the agent server's options from
 * {@code show-options}, before, during and after the workspace. A "user's terminal" is a pane of
 * another tmux server running {@code tmux attach} (its size is the pane's).
 */
class ViewerSizingIT {
    private static final Exec EXEC = Exec.withTimeout(Duration.ofSeconds(10));

    @TempDir
    Path tmp;

    private static String size(TmuxServer s, String window) {
        return s.display(window, "#{window_width}x#{window_height}");
    }

    /** Every option the agent's server has set anywhere the viewer could touch: server, sessions, windows. */
    private static String options(TmuxServer s, String... windows) {
        StringBuilder b = new StringBuilder(s.run("show-options", "-s")).append(s.run("show-options", "-g"))
                .append(s.run("show-options", "-gw"));
        for (String w : windows) {
            b.append(s.run("show-options", "-t", w)).append(s.run("show-options", "-w", "-t", w));
        }
        return b.toString();
    }

    /** A user's own terminal of {@code w}x{@code h} showing {@code session}: a pane of the {@code user} server. */
    private static void userTerminal(TmuxServer user, String name, TmuxServer agents, String session, int w, int h) {
        user.run("new-session", "-d", "-s", name, "-x", Integer.toString(w), "-y", Integer.toString(h),
                "TMUX= tmux -S " + agents.socketPath() + " attach -t =" + session);
    }

    private static void await(String what, Supplier<String> actual, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String last = actual.get();
        while (!expected.equals(last)) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": expected " + expected + ", got " + last);
            Thread.sleep(100);
            last = actual.get();
        }
    }

    private List<Agent> scan(Path configDir, TmuxServer s) {
        Map<String, String> env = new HashMap<>();
        env.put("TMUX_TMPDIR", "/nonexistent-fleet-test");
        FleetScan scan = new FleetScan(configDir, Path.of("/proc"), env,
                Map.of(TmuxLocator.SOCKET_OPTION, List.of(s.socketPath().toString())),
                m -> {}, m -> {}, id -> null, new Locators(List.of(new TmuxLayer())));
        return scan.run(false).agents();
    }

    /** The aggregator pane (the tile) that shows the agent of window {@code window}, as WxH. */
    private static String tileOf(Workspace ws, TmuxServer s, String window) {
        String sessionId = s.display(window, "#{session_id}");
        for (WorkspaceState.PaneEntry e : ws.state().orElseThrow().panes()) {
            if (e.target().windowId().equals(s.display(window, "#{window_id}"))) {
                List<String> argv = List.of("tmux", "-S", ws.config().aggregatorSocket().toString(), "display", "-p",
                        "-t", e.aggregatorPane(), "#{pane_width}x#{pane_height}");
                return EXEC.run(argv).out().strip();
            }
        }
        throw new AssertionError("no tile for " + window + " (session " + sessionId + ")");
    }

    @Test
    void userClientsKeepTheirSizeADetachedWindowFitsItsTileAndTheUserTakesOver() throws Exception {
        Require.tool("tmux");
        Path configDir = Files.createDirectories(tmp.resolve("claude"));
        String rand = UUID.randomUUID().toString().substring(0, 8);
        // the aggregator's socket in a directory that does not exist yet: the workspace makes it 0700
        Path aggDir = tmp.resolve("rt-" + rand);
        WorkspaceConfig cfg = new WorkspaceConfig(aggDir.resolve("agg.sock"), "fleet-workspace",
                tmp.resolve("state/workspace.json"), "tiled", 160, 40, "fleet");
        Workspace ws = new Workspace(cfg, EXEC);
        try (TmuxServer s = TmuxServer.atPath(); TmuxServer user = TmuxServer.named()) {
            StandInAgent shown = StandInAgent.builder(configDir).cwd(tmp).field("name", "shown").inTmux(s, "work");
            StandInAgent lone = StandInAgent.builder(configDir).cwd(tmp).field("name", "lone").inTmux(s, "lone");
            String shownWin = s.display(shown.paneId(), "#{window_id}");
            String loneWin = s.display(lone.paneId(), "#{window_id}");
            // two user terminals on "work": 200x50, then 150x40 (active last); status line on: 1 row less
            userTerminal(user, "u1", s, "work", 200, 50);
            await("work with its first user client", () -> size(s, shownWin), "200x49");
            userTerminal(user, "u2", s, "work", 150, 40);
            await("work sized by the client active last", () -> size(s, shownWin), "150x39");
            assertEquals("200x50", size(s, loneWin), "a detached window keeps its creation size");
            String optionsBefore = options(s, shownWin, loneWin);

            List<WorkspaceTarget> targets = WorkspaceTargets.select(scan(configDir, s), EXEC).targets();
            assertEquals(2, targets.size());
            assertEquals("opened", ws.open(targets).action());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(aggDir)));
            // the tiles' clients attach once the aggregator has a size: wait for them to show on the agent server
            await("two viewer clients on the agent server", () -> Long.toString(s.run("list-clients", "-F", "#{session_name}")
                    .lines().filter(WorkspaceTarget::isLinked).count()), "2");

            // rule 1: the window a user's client shows keeps that client's size
            Thread.sleep(500);
            assertEquals("150x39", size(s, shownWin), "a user's window is not resized by the workspace");
            // rule 2: the window nobody else shows fits its tile
            String tile = tileOf(ws, s, loneWin);
            await("the detached window fits its tile", () -> size(s, loneWin), tile);
            assertNotEquals("200x50", tile);

            // with two user clients, the one active last decides, the viewer does not: type into u1's terminal
            user.sendKeys("u1", "Escape");
            await("work follows u1 once u1 is active again", () -> size(s, shownWin), "200x49");

            // hand-over: the user attaches their own terminal to "lone" and it takes the size over
            userTerminal(user, "u3", s, "lone", 180, 46);
            await("the user's terminal takes over the detached window", () -> size(s, loneWin), "180x45");
            // a refresh makes that tile keep its hands off from now on; the user keeps the size
            assertEquals("refreshed", ws.refresh(targets).action());
            Thread.sleep(500);
            assertEquals("180x45", size(s, loneWin));
            assertEquals("200x49", size(s, shownWin));

            // the user leaves again: nobody shows "lone", and after a refresh it fits its tile once more
            user.run("kill-session", "-t", "u3");
            assertEquals("refreshed", ws.refresh(targets).action());
            await("the window nobody shows fits its tile again", () -> size(s, loneWin), tileOf(ws, s, loneWin));

            // closing the viewer changes no option and leaves the user's sizes alone
            assertTrue(ws.close());
            assertEquals(optionsBefore, options(s, shownWin, loneWin));
            assertEquals("200x49", size(s, shownWin));
            assertFalse(Files.exists(cfg.aggregatorSocket()), "close removes fleet's own server socket");
        } finally {
            ws.close();
            EXEC.run(List.of("tmux", "-S", cfg.aggregatorSocket().toString(), "kill-server"));
            Files.deleteIfExists(cfg.aggregatorSocket());
        }
    }
}
