package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.testguard.Ci;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The workspace's tile titles follow the agent's live state and show its age: a real daemon marks the
 * agent's pane, {@code fleet workspace open --no-terminal} builds the aggregator, and the tile's border
 * is read from fleet's aggregator server — the border format as tmux expands it, and the border a client
 * attached to the aggregator actually draws (captured from a second tmux server).
 */
class WorkspaceLiveTitleIT {
    private static final Exec EXEC = Exec.withTimeout(Duration.ofSeconds(10));
    private final Path aggSocket = Path.of("/tmp", "fleet-test-wslive-" + UUID.randomUUID().toString().substring(0, 8) + ".sock");
    private Path home;
    private Path runtime;

    @AfterEach
    void clean() throws Exception {
        EXEC.run(List.of("tmux", "-S", aggSocket.toString(), "kill-server"));
        Files.deleteIfExists(aggSocket);
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
        dev.fleet.testguard.TestDirs.deleteTree(home);
    }

    private String border(String pane) {
        Exec.Result r = EXEC.run(List.of("tmux", "-S", aggSocket.toString(), "display", "-p", "-t", pane, "#{T:pane-border-format}"),
                Map.of("TMUX", ""), null);
        assertTrue(r.ok(), r.err());
        return r.out().strip();
    }

    private static String await(String what, Pattern want, Supplier<String> seen, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        String s;
        while (!want.matcher(s = seen.get()).find()) {
            if (System.nanoTime() > end) throw new AssertionError(what + ": want /" + want + "/ within " + within.toMillis() + " ms, saw '" + s + "'");
            Ci.sleep(20);
        }
        return s;
    }

    private static int age(Pattern p, String s) {
        Matcher m = p.matcher(s);
        assertTrue(m.find(), s);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void tileTitlesFollowTheAgentsStateAndAge() throws Exception {
        Require.tools("tmux");
        home = Files.createTempDirectory(Path.of("/tmp"), "fwl-");
        runtime = Files.createDirectories(home.resolve("run"));
        Path config = Files.createDirectories(home.resolve("claude/sessions")).getParent();
        Map<String, String> env = LauncherCopy.userEnv(home, config, runtime);
        env.put("FLEET_WORKSPACE_SOCKET", aggSocket.toString());
        env.put("FLEET_AUTOSTART", "0");
        long twoMinutesAgo = System.currentTimeMillis() - 125_000;
        try (TmuxServer tmux = TmuxServer.named(); TmuxServer viewer = TmuxServer.named();
             StandInAgent agent = StandInAgent.builder(config).cwd(Files.createDirectories(home.resolve("api")))
                     .field("name", "api").status("busy").statusUpdatedAt(twoMinutesAgo).inTmux(tmux, "api");
             DaemonProcess d = DaemonProcess.start(env, home.resolve("daemon.log"))) {
            await("the daemon marks the agent's pane", Pattern.compile("^busy$"),
                    () -> tmux.run("show-options", "-p", "-t", agent.paneId(), "-qv", "@fleet_state").strip(), Duration.ofSeconds(15));

            ProcessBuilder pb = new ProcessBuilder(DaemonProcess.java("workspace", "open", "--no-terminal"));
            pb.environment().putAll(env);
            pb.environment().remove("TMUX");
            pb.redirectErrorStream(true);
            Process open = pb.start();
            String out = new String(open.getInputStream().readAllBytes());
            assertTrue(open.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, open.exitValue(), out);
            List<String> panes = EXEC.run(List.of("tmux", "-S", aggSocket.toString(), "list-panes", "-t", "=fleet-workspace:",
                    "-F", "#{pane_id}"), Map.of("TMUX", ""), null).out().lines().toList();
            assertEquals(1, panes.size(), out);
            String tile = panes.get(0);

            // the state as the daemon sees it, with the age of that state (2 minutes)
            await("busy for 2 minutes", Pattern.compile("api · busy 2m"), () -> border(tile), Duration.ofSeconds(10));

            long t0 = System.nanoTime();
            agent.setStatus("waiting");
            Pattern waiting = Pattern.compile("api · waiting (\\d+)s");
            String seen = await("the tile follows the agent to waiting", waiting, () -> border(tile), Duration.ofSeconds(1));
            System.err.println("[workspace-live-title] waiting shown after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + seen);
            assertTrue(age(waiting, seen) <= 2, seen);

            // what a user sees: the border a client attached to the aggregator draws, its age counting
            viewer.newSession("look", home, "env", "-u", "TMUX", "tmux", "-S", aggSocket.toString(), "attach", "-t", "=fleet-workspace");
            Supplier<String> screen = () -> viewer.run("capture-pane", "-p", "-t", "look");
            String first = await("the drawn border", waiting, screen, Duration.ofSeconds(5));
            Ci.sleep(2_500);
            String later = await("the drawn border, later", waiting, screen, Duration.ofSeconds(5));
            assertNotEquals(age(waiting, first), age(waiting, later), "the age counts on its own:\n" + first + "\n---\n" + later);

            agent.setStatus("idle");
            await("the tile follows the agent to idle", Pattern.compile("api · idle \\d+s"), () -> border(tile), Duration.ofSeconds(1));
        }
    }
}
