package dev.fleet.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Attention;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.core.scan.FleetScan;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tmux marks on a real server, read back with tmux's own {@code show-options}: the state on each
 * agent's pane, {@code @fleet_waiting} on a window while any of its agents waits, nothing after clear.
 */
class TmuxAttentionIT {
    @TempDir
    Path tmp;

    final List<AutoCloseable> cleanup = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    private <T extends AutoCloseable> T keep(T c) {
        cleanup.add(c);
        return c;
    }

    /** What fleet ls sees: the agents, located by the real tmux layer on this test's server. */
    private List<Agent> scan(TmuxServer tmux) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("TMUX_TMPDIR", dev.fleet.testguard.TestDirs.tmuxTmpdir().toString());
        FleetScan scan = new FleetScan(tmp.resolve("claude"), Path.of("/proc"), env,
                Map.of(TmuxLocator.SOCKET_OPTION, List.of(tmux.socketPath().toString())), w -> { }, s -> { }, id -> null,
                new Locators(List.of(new TmuxLayer())));
        return scan.run(false).agents();
    }

    private FocusContext ctx() {
        return new FocusContext(ProcSnapshot.read(Path.of("/proc")), Map.of(), Exec.withTimeout(Duration.ofSeconds(5)),
                notes::add, Map.of());
    }

    private static String paneOption(TmuxServer tmux, String pane) {
        return tmux.run("show-options", "-p", "-t", pane, "-qv", "@fleet_state").strip();
    }

    private static String windowOption(TmuxServer tmux, String window) {
        return tmux.run("show-options", "-w", "-t", window, "-qv", "@fleet_waiting").strip();
    }

    private static String windowOf(TmuxServer tmux, String pane) {
        return tmux.display(pane, "#{window_id}").strip();
    }

    @Test
    void panesShowTheirStateAndAWindowIsMarkedWhileAnyOfItsAgentsWaits() {
        TmuxServer tmux = keep(TmuxServer.atPath());
        Path claude = tmp.resolve("claude");
        StandInAgent a = keep(StandInAgent.builder(claude).cwd(tmp).status("waiting").inTmux(tmux, "marks"));
        StandInAgent b = keep(StandInAgent.builder(claude).cwd(tmp).status("busy").inTmux(tmux, a.paneId()));
        StandInAgent c = keep(StandInAgent.builder(claude).cwd(tmp).status("idle").inTmux(tmux, "marks"));
        String w1 = windowOf(tmux, a.paneId()), w2 = windowOf(tmux, c.paneId());
        assertEquals(w1, windowOf(tmux, b.paneId()));
        Attention marks = new TmuxLayer().attention().orElseThrow();

        marks.show(ctx(), scan(tmux));
        assertEquals("waiting", paneOption(tmux, a.paneId()));
        assertEquals("busy", paneOption(tmux, b.paneId()));
        assertEquals("idle", paneOption(tmux, c.paneId()));
        assertEquals("1", windowOption(tmux, w1));
        assertEquals("", windowOption(tmux, w2));

        // a moves on, b starts waiting: the window stays marked, for b now
        a.setStatus("idle");
        b.setStatus("waiting");
        marks.show(ctx(), scan(tmux));
        assertEquals("idle", paneOption(tmux, a.paneId()));
        assertEquals("waiting", paneOption(tmux, b.paneId()));
        assertEquals("1", windowOption(tmux, w1));

        // b's pane closes while it waits; c starts waiting: the rest still lands
        tmux.run("kill-pane", "-t", b.paneId());
        c.setStatus("waiting");
        marks.show(ctx(), scan(tmux));
        assertEquals("", windowOption(tmux, w1), "no agent of " + w1 + " waits any more");
        assertEquals("1", windowOption(tmux, w2));
        assertEquals("waiting", paneOption(tmux, c.paneId()));

        marks.clear(ctx());
        for (String p : List.of(a.paneId(), c.paneId())) {
            assertFalse(tmux.run("show-options", "-p", "-t", p).contains("@fleet"), "pane options of " + p);
        }
        for (String w : List.of(w1, w2)) {
            assertFalse(tmux.run("show-options", "-w", "-t", w).contains("@fleet"), "window options of " + w);
        }
    }
}
