package dev.fleet.cli.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import dev.fleet.testkit.desktop.Desktop;
import dev.fleet.testkit.desktop.Trees;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace window on a real desktop (Xvfb + i3): {@code --terminal kitty} opens a kitty window
 * that i3 manages and whose own text (kitty {@code get-text}) is the aggregator; a second open focuses
 * it instead of opening another; close removes it. Ghostty is not packaged here: a stand-in
 * {@code ghostty} on PATH records its arguments and runs the command it got in a real kitty.
 */
class WorkspaceDesktopIT {
    private static final Exec EXEC = Exec.withTimeout(Duration.ofSeconds(10));

    @TempDir
    Path tmp;

    private final String rand = UUID.randomUUID().toString().substring(0, 8);
    private final Path aggSocket = Path.of("/tmp", "fleet-test-wsdesk-" + rand + ".sock");
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        FleetProcess.run(env(null), "workspace", "close");
        EXEC.run(List.of("tmux", "-S", aggSocket.toString(), "kill-server"));
        try {
            Files.deleteIfExists(aggSocket);
        } catch (java.io.IOException e) {
            // best effort
        }
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private Desktop desktop;

    private Map<String, String> env(String path) {
        Map<String, String> e = new HashMap<>();
        e.put("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString());
        e.put("HOME", tmp.toString());
        e.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        e.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString());
        e.put("FLEET_WORKSPACE_SOCKET", aggSocket.toString());
        e.put("KITTY_CONFIG_DIRECTORY", tmp.resolve("kitty").toString());
        e.put("LIBGL_ALWAYS_SOFTWARE", "1");
        for (String k : List.of("TMUX", "TMUX_PANE", "KITTY_LISTEN_ON", "KITTY_WINDOW_ID", "KITTY_PID", "SWAYSOCK", "WAYLAND_DISPLAY")) e.put(k, null);
        if (desktop != null) e.putAll(desktop.env());
        if (path != null) e.put("PATH", path);
        return e;
    }

    private static void await(String what, Duration d, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    private int windowsTitled(String title) {
        int n = 0;
        for (Map<String, Object> node : Trees.nodes(desktop.tree())) if (title.equals(Json.str(node, "name"))) n++;
        return n;
    }

    private Map<String, Object> state() throws Exception {
        return Json.parseObject(Files.readAllBytes(tmp.resolve("state/fleet/workspace.json")));
    }

    private void startAgents(TmuxServer s, Path config, StandInAgent[] out) {
        out[0] = StandInAgent.builder(config).cwd(tmp).field("name", "alpha").inTmux(s, "one");
        out[1] = StandInAgent.builder(config).cwd(tmp).field("name", "beta").inTmux(s, "two");
        for (StandInAgent a : out) cleanup.add(a);
    }

    @Test
    void kittyWindowOnI3ShowsTheAggregatorAndCloseRemovesIt() throws Exception {
        Require.tools("tmux", "kitty", "Xvfb", "i3");
        desktop = Desktop.start();
        cleanup.add(desktop);
        Path config = Files.createDirectories(tmp.resolve("claude"));
        // kitty listens on a socket so the test can read the window's own text (kitty adds -<pid>)
        Files.createDirectories(tmp.resolve("kitty"));
        String listen = "/tmp/fleet-test-kitty-" + rand;
        Files.writeString(tmp.resolve("kitty/kitty.conf"), String.join("\n", "allow_remote_control socket-only",
                "listen_on unix:" + listen, "linux_display_server x11", "update_check_interval 0", ""));
        TmuxServer s = TmuxServer.atPath();
        cleanup.add(s);
        StandInAgent[] agents = new StandInAgent[2];
        startAgents(s, config, agents);
        String title = "fleet workspace " + rand;

        long t0 = System.nanoTime();
        Exec.Result open = FleetProcess.run(env(null), "workspace", "open", "--terminal", "kitty", "--title", title,
                "--tmux-socket", s.socketPath().toString());
        long openMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, open.exit(), open.err());
        assertTrue(open.out().contains("opened kitty window (pid "), open.out());
        System.err.println("[workspace-desktop] open --terminal kitty: " + openMs + " ms");
        Map<String, Object> window = Json.obj(state(), "window");
        assertNotNull(window, "the window is recorded");
        long pid = (Long) Json.arr(window, "pids").get(0);
        long con = Json.lng(window, "con_id", -1);
        Map<String, Object> node = Trees.windowTitled(desktop.tree(), title);
        assertNotNull(node, "i3 manages a window titled " + title);
        assertEquals(con, Json.lng(node, "id", -2));

        Path sock = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sock == null && System.nanoTime() < deadline) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/tmp"), "fleet-test-kitty-" + rand + "*")) {
                for (Path p : ds) sock = p;
            }
            Thread.sleep(100);
        }
        assertNotNull(sock, "kitty's socket");
        Path kittySockFile = sock;
        cleanup.add(() -> Files.deleteIfExists(kittySockFile));
        Path kittySock = sock;
        await("kitty's own text shows both agents' markers", Duration.ofSeconds(20), () -> {
            Exec.Result t = EXEC.run(List.of("kitty", "@", "--to", "unix:" + kittySock, "get-text"));
            return t.ok() && t.out().contains(agents[0].marker()) && t.out().contains(agents[1].marker())
                    && t.out().contains("alpha · idle") && t.out().contains("beta · idle");
        });

        // a second open finds the window and focuses it: still exactly one
        desktop.command("workspace 9");
        Exec.Result again = FleetProcess.run(env(null), "workspace", "open", "--terminal", "kitty", "--title", title,
                "--tmux-socket", s.socketPath().toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("focused the workspace window"), again.out());
        assertEquals(1, windowsTitled(title));
        assertEquals(con, Json.lng(Trees.focused(desktop.tree()), "id", -3));

        Exec.Result close = FleetProcess.run(env(null), "workspace", "close");
        assertEquals("workspace closed", close.out().strip(), close.err());
        await("the window to leave i3's tree", Duration.ofSeconds(10), () -> windowsTitled(title) == 0);
        await("kitty to exit", Duration.ofSeconds(5), () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        assertTrue(agents[0].isAlive() && agents[1].isAlive());
        assertEquals(List.of("one", "two"), s.run("list-sessions", "-F", "#{session_name}").lines().sorted().toList());
    }

    @Test
    void aRunningKittyOpensTheWorkspaceThroughItsSocketAndKeepsRunningAfterClose() throws Exception {
        Require.tools("tmux", "kitty", "Xvfb", "i3");
        desktop = Desktop.start();
        cleanup.add(desktop);
        Desktop.Kitty kitty = desktop.startKitty("user-kitty", List.of(), List.of());
        Path config = Files.createDirectories(tmp.resolve("claude"));
        TmuxServer s = TmuxServer.atPath();
        cleanup.add(s);
        StandInAgent[] agents = new StandInAgent[2];
        startAgents(s, config, agents);
        String title = "fleet via socket " + rand;
        Map<String, String> env = env(null);
        env.put("KITTY_LISTEN_ON", kitty.listenOn()); // fleet runs inside that kitty, as from a shell in it

        Exec.Result open = FleetProcess.run(env, "workspace", "open", "--terminal", "kitty", "--title", title,
                "--tmux-socket", s.socketPath().toString());
        assertEquals(0, open.exit(), open.err());
        Map<String, Object> window = Json.obj(state(), "window");
        long kittyWindow = Json.lng(window, "kitty_window", -1);
        assertTrue(kittyWindow > 0, "the kitty window id is recorded: " + window);
        assertEquals(List.of(), Json.arr(window, "pids"), "no process of fleet's own: the running kitty opened it");
        // the fixture's kitty runs with --title, which names all its OS windows: count them instead
        await("a second OS window of that kitty in i3", Duration.ofSeconds(15), () -> windowsTitled("user-kitty") == 2);
        await("kitty's own text shows the aggregator", Duration.ofSeconds(20), () -> {
            Exec.Result t = EXEC.run(List.of("kitty", "@", "--to", kitty.listenOn(), "get-text", "--match", "id:" + kittyWindow));
            return t.ok() && t.out().contains(agents[0].marker()) && t.out().contains(agents[1].marker());
        });

        Exec.Result close = FleetProcess.run(env, "workspace", "close");
        assertEquals(0, close.exit(), close.err());
        await("the window to leave i3's tree", Duration.ofSeconds(10), () -> windowsTitled("user-kitty") == 1);
        assertTrue(kitty.process().isAlive(), "the user's kitty keeps running");
        assertNotNull(Trees.windowTitled(desktop.tree(), "user-kitty"));
    }

    @Test
    void ghosttyStandInGetsTitleAndDashEAndRunsTheAttach() throws Exception {
        Require.tools("tmux", "kitty", "Xvfb", "i3");
        desktop = Desktop.start();
        cleanup.add(desktop);
        Path config = Files.createDirectories(tmp.resolve("claude"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path argsFile = tmp.resolve("ghostty-args");
        // records its argv one per line, then runs what follows -e in a real terminal (kitty), as ghostty -e would
        Files.writeString(bin.resolve("ghostty"), String.join("\n", "#!/bin/sh",
                "printf '%s\\n' \"$@\" > " + argsFile,
                "title=",
                "for a; do case \"$a\" in --title=*) title=\"${a#--title=}\";; esac; done",
                "while [ $# -gt 0 ] && [ \"$1\" != -e ]; do shift; done",
                "shift",
                "exec kitty --config NONE -o linux_display_server=x11 -o update_check_interval=0 --title \"$title\" \"$@\"", ""));
        Files.setPosixFilePermissions(bin.resolve("ghostty"), PosixFilePermissions.fromString("rwxr-xr-x"));
        TmuxServer s = TmuxServer.atPath();
        cleanup.add(s);
        StandInAgent[] agents = new StandInAgent[2];
        startAgents(s, config, agents);
        String title = "fleet ghostty " + rand;

        Exec.Result open = FleetProcess.run(env(bin + ":" + System.getenv("PATH")), "workspace", "open", "--title", title,
                "--tmux-socket", s.socketPath().toString());
        assertEquals(0, open.exit(), open.err());
        assertTrue(open.out().contains("opened ghostty window"), open.out());
        List<String> args = Files.readAllLines(argsFile);
        assertEquals(List.of("--title=" + title, "-e", "tmux", "-S", aggSocket.toString(), "attach-session", "-t", "=fleet-workspace"), args);
        assertNotNull(Trees.windowTitled(desktop.tree(), title), "the window is on i3");
        try {
            await("the aggregator to have its client", Duration.ofSeconds(10), () -> EXEC.run(List.of("tmux", "-S", aggSocket.toString(),
                    "list-clients", "-F", "#{client_session}")).out().strip().equals("fleet-workspace"));
        } catch (AssertionError e) {
            Path log = tmp.resolve("state/fleet/workspace-terminal.log");
            throw new AssertionError(e.getMessage() + "; terminal log: " + (Files.exists(log) ? Files.readString(log) : "(none)"));
        }

        assertEquals(0, FleetProcess.run(env(bin + ":" + System.getenv("PATH")), "workspace", "close").exit());
        await("the window to close", Duration.ofSeconds(10), () -> Trees.windowTitled(desktop.tree(), title) == null);
        assertNull(Trees.windowTitled(desktop.tree(), title));
        assertFalse(Files.exists(tmp.resolve("state/fleet/workspace.json")));
    }
}
