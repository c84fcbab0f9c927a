package dev.fleet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testguard.Ci;
import dev.fleet.testguard.TestDirs;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's switch focuses where its picture places the agent, and the picture may be out of date
 * (it re-locates every 30 s by default; here not for a minute): an agent whose window moved to another
 * session since is still brought in front — read back with tmux's own {@code list-clients}.
 */
class DaemonSwitchIT {
    @TempDir
    Path tmp;

    @Test
    void switchLandsOnTheAgentEvenWhenThePictureHasAnOldPlace() throws Exception {
        Require.tools("tmux");
        try (DaemonFixture f = new DaemonFixture(tmp); TmuxServer tmux = TmuxServer.named(); TmuxServer viewer = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(f.configDir).cwd(Files.createDirectories(tmp.resolve("api")))
                     .field("name", "api").status("idle").inTmux(tmux, "api");
             StandInAgent web = StandInAgent.builder(f.configDir).cwd(Files.createDirectories(tmp.resolve("web")))
                     .field("name", "web").status("idle").inTmux(tmux, "web")) {
            // the user's terminal: a client of the agents' server, shown inside another server
            viewer.newSession("look", tmp, "env", "-u", "TMUX", "tmux", "-S", tmux.socketPath().toString(), "attach", "-t", "=web");
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (tmux.userClients("#{client_tty}").isEmpty() && System.nanoTime() < end) Ci.sleep(50);

            Map<String, String> env = new LinkedHashMap<>(f.env());
            env.put("PATH", System.getenv("PATH"));
            env.put("TMUX_TMPDIR", TestDirs.tmuxTmpdir().toString());
            f.daemon = FleetDaemon.start(new FleetDaemon.Config(f.socket(), f.configDir, Path.of("/proc"), env, Map.of(), f.stateDir,
                    new PictureKeeper.Timing(Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(60)),
                    new DaemonServer.Limits(Duration.ofSeconds(5), 8, 256, Duration.ofSeconds(30))), TableOps.all(), FleetDaemon.stderrLog());
            end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (f.daemon.keeper().registry().agents().stream().filter(a -> !a.locations().isEmpty()).count() < 2) {
                if (System.nanoTime() > end) throw new AssertionError("not located: " + f.daemon.keeper().registry().agents());
                Ci.sleep(50);
            }

            assertEquals(0, exit(f, env, "api"));
            assertEquals(api.paneId(), shown(tmux), "switch api, as pictured");
            // through the daemon's control client on that server, kept from now on
            List<Long> control = tmux.controlClients();
            assertEquals(1, control.size(), "one control client");
            // the client moved since the picture saw it, the agents did not: no locating again (one tmux call)
            Map<String, Object> v = f.call(DaemonFixture.req("op", "switch", "args", List.of("-v", "web"), "env", env));
            assertEquals(web.paneId(), shown(tmux), "switch web, as pictured");
            assertTrue(String.valueOf(v.get("stderr")).contains("focused where the daemon last saw it"), v.toString());
            assertEquals(control, tmux.controlClients(), "the same control client");

            // api's window moves to another session; its old session is gone, the picture still names it
            tmux.run("new-session", "-d", "-s", "elsewhere", "sleep", "600");
            tmux.run("move-window", "-s", "=api:", "-t", "=elsewhere:7");
            assertEquals("", tmux.run("list-sessions", "-F", "#{session_name}").lines().filter("api"::equals).findFirst().orElse(""));
            assertEquals(0, exit(f, env, "api"));
            assertEquals(api.paneId(), shown(tmux), "switch api after its window moved");
            assertEquals(List.of("elsewhere"), tmux.userClients("#{session_name}"));
            // the control client sat on api's session (the first switch's); it left with it, and the switch
            // just made started another
            assertEquals(1, tmux.controlClients().size());
            assertTrue(!tmux.controlClients().equals(control), "a new control client: " + tmux.controlClients());

            // its session killed (the user is on web by then): the next switch still lands, on a new control client
            assertEquals(0, exit(f, env, "web"));
            control = tmux.controlClients();
            assertEquals(List.of("elsewhere"), tmux.run("list-clients", "-F", "#{?client_control_mode,#{session_name},}").lines()
                    .filter(l -> !l.isEmpty()).toList());
            tmux.run("kill-session", "-t", "=elsewhere");
            tmux.run("select-window", "-t", "=web:", ";", "split-window", "-d", "-t", "=web:", "sleep", "600", ";", "select-pane", "-t", "{bottom}");
            assertTrue(!shown(tmux).equals(web.paneId()), "the user's client shows another pane of web");
            assertEquals(0, exit(f, env, "web"));
            assertEquals(web.paneId(), shown(tmux), "switch web after the control client's session was killed");
            assertEquals(1, tmux.controlClients().size(), "one again");
            assertTrue(!tmux.controlClients().equals(control), "a new one");

            // the daemon stops: its control client is gone with it (its stdin closed)
            f.daemon.close();
            end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!tmux.controlClients().isEmpty() && System.nanoTime() < end) Ci.sleep(20);
            assertEquals(List.of(), tmux.controlClients(), "no control client after the daemon stopped");
        }
    }

    private static int exit(DaemonFixture f, Map<String, String> env, String query) throws Exception {
        Map<String, Object> r = f.call(DaemonFixture.req("op", "switch", "args", List.of(query), "env", env));
        if (!Integer.valueOf(0).equals(((Number) r.get("exit")).intValue())) System.err.println("switch " + query + ": " + r);
        return ((Number) r.get("exit")).intValue();
    }

    /** The pane the one client of the agents' server shows, as tmux says. */
    private static String shown(TmuxServer tmux) {
        return String.join("\n", tmux.userClients("#{pane_id}"));
    }
}
