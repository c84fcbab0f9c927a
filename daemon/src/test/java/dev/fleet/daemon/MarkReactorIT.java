package dev.fleet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fleet.core.daemon.SocketPaths;
import dev.fleet.testguard.Ci;
import dev.fleet.testguard.TestDirs;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon and a stand-in agent in a real tmux: the marks follow the agent busy → waiting → idle,
 * read back with tmux's own {@code show-options}, and none is left once the daemon stops.
 */
class MarkReactorIT {
    @TempDir
    Path tmp;

    private FleetDaemon.Config config(DaemonFixture f, Path xdgConfig) {
        Map<String, String> env = new LinkedHashMap<>(f.env());
        env.put("PATH", System.getenv("PATH"));
        env.put("TMUX_TMPDIR", TestDirs.tmuxTmpdir().toString());
        env.put("XDG_CONFIG_HOME", xdgConfig.toString());
        return new FleetDaemon.Config(SocketPaths.socket(env), f.configDir, Path.of("/proc"), env, Map.of(), f.stateDir,
                new PictureKeeper.Timing(Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(30)),
                new DaemonServer.Limits(Duration.ofSeconds(2), 8, 256, Duration.ofSeconds(30)));
    }

    private static void await(String what, String want, Supplier<String> seen) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String s;
        while (!(s = seen.get()).equals(want)) {
            if (System.nanoTime() > end) throw new AssertionError(what + ": want '" + want + "', tmux says '" + s + "'");
            Ci.sleep(50);
        }
    }

    private static String fleetOptions(TmuxServer tmux, String pane, String window) {
        return (tmux.run("show-options", "-p", "-t", pane) + tmux.run("show-options", "-w", "-t", window))
                .lines().filter(l -> l.startsWith("@fleet")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void marksFollowTheAgentAndAreGoneWhenTheDaemonStops() throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp); TmuxServer tmux = TmuxServer.named();
             StandInAgent agent = StandInAgent.builder(f.configDir).cwd(Files.createDirectories(tmp.resolve("api")))
                     .status("busy").inTmux(tmux, "api")) {
            String pane = agent.paneId();
            String window = tmux.display(pane, "#{window_id}").strip();
            Supplier<String> state = () -> tmux.run("show-options", "-p", "-t", pane, "-qv", "@fleet_state").strip();
            Supplier<String> waiting = () -> tmux.run("show-options", "-w", "-t", window, "-qv", "@fleet_waiting").strip();
            f.daemon = FleetDaemon.start(config(f, tmp.resolve("xdg")), Map.of(), FleetDaemon.stderrLog());

            await("pane state, busy", "busy", state);
            assertEquals("", waiting.get());
            agent.setStatus("waiting");
            await("pane state, waiting", "waiting", state);
            await("window waiting", "1", waiting);
            agent.setStatus("idle");
            await("pane state, idle", "idle", state);
            await("window no longer waiting", "", waiting);
            agent.setStatus("waiting");
            await("window waiting again", "1", waiting);

            f.daemon.close();
            assertEquals("", fleetOptions(tmux, pane, window), "fleet's options after the daemon stopped");
        }
    }

    /** An agent that arrives is located a moment after its ADDED change, with no change of its own. */
    @Test
    void anAgentArrivingWhileTheDaemonRunsIsMarked() throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp); TmuxServer tmux = TmuxServer.named()) {
            tmux.newSession("shell", tmp, "sleep", "600");
            f.daemon = FleetDaemon.start(config(f, tmp.resolve("xdg")), Map.of(), FleetDaemon.stderrLog());
            try (StandInAgent agent = StandInAgent.builder(f.configDir).cwd(Files.createDirectories(tmp.resolve("late")))
                    .status("waiting").inTmux(tmux, "late")) {
                String window = tmux.display(agent.paneId(), "#{window_id}").strip();
                await("pane state", "waiting", () -> tmux.run("show-options", "-p", "-t", agent.paneId(), "-qv", "@fleet_state").strip());
                await("window waiting", "1", () -> tmux.run("show-options", "-w", "-t", window, "-qv", "@fleet_waiting").strip());
                f.daemon.close();
                assertEquals("", fleetOptions(tmux, agent.paneId(), window));
            }
        }
    }

    @Test
    void markTmuxOffSetsNothing() throws Exception {
        Path xdg = Files.createDirectories(tmp.resolve("xdg/fleet")).getParent();
        Files.writeString(xdg.resolve("fleet/config"), "mark.tmux = off\n");
        try (DaemonFixture f = new DaemonFixture(tmp); TmuxServer tmux = TmuxServer.named();
             StandInAgent agent = StandInAgent.builder(f.configDir).cwd(Files.createDirectories(tmp.resolve("web")))
                     .status("waiting").inTmux(tmux, "web")) {
            String window = tmux.display(agent.paneId(), "#{window_id}").strip();
            f.daemon = FleetDaemon.start(config(f, xdg), Map.of(), FleetDaemon.stderrLog());
            agent.setStatus("busy");
            agent.setStatus("waiting");
            // for as long as the marks take when on (see above), and then some: nothing appears
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                assertEquals("", fleetOptions(tmux, agent.paneId(), window), "mark.tmux = off");
                Ci.sleep(100);
            }
            assertFalse(f.daemon.keeper().registry().agents().isEmpty(), "the daemon sees the agent");
        }
    }
}
