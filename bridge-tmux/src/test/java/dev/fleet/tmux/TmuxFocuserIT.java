package dev.fleet.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.layer.Layers;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Focusing panes through real tmux clients (attached from inside another tmux server's panes). */
class TmuxFocuserIT {
    @TempDir
    Path tmp;

    final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    private TmuxServer server(TmuxServer s) {
        cleanup.add(s);
        return s;
    }

    private void session(int pid, String sid) {
        Map<String, Object> f = SessionFiles.fields(pid, tmp, "idle", 1);
        f.put("sessionId", sid);
        SessionFiles.write(tmp.resolve("claude"), f);
    }

    private Map<String, Agent> scan() {
        FleetScan scan = new FleetScan(tmp.resolve("claude"), Path.of("/proc"), Map.of(), Map.of(),
                w -> { throw new AssertionError(w); }, v -> {}, id -> null, new Locators(List.of(new TmuxLayer())));
        Map<String, Agent> m = new HashMap<>();
        for (Agent a : scan.run(false).agents()) m.put(a.sessionId(), a);
        return m;
    }

    private void focus(Agent a) {
        FocusContext ctx = new FocusContext(ProcSnapshot.read(Path.of("/proc")), Map.of(),
                Exec.withTimeout(Duration.ofSeconds(5)), v -> {}, Map.of());
        FocusPlan plan = new Layers(List.of(new TmuxLayer())).planFocus(ctx, a);
        assertEquals(1, plan.steps().size(), plan.toString());
        plan.run(ctx);
    }

    /** Attaches a client to {@code target} on {@code inner} from a pane of a new outer server. */
    private void attachClient(TmuxServer inner, String target) throws InterruptedException {
        TmuxServer outer = server(TmuxServer.named());
        List<String> attach = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
        attach.addAll(inner.socketArgs());
        attach.addAll(List.of("attach", "-t", target));
        int before = inner.run("list-clients").lines().toList().size();
        outer.newSession("term" + before, tmp, attach.toArray(String[]::new));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (inner.run("list-clients").lines().count() <= before && System.nanoTime() < deadline) Thread.sleep(50);
    }

    /** What the only client of {@code s} shows: session, window id, pane id, zoom flag. */
    /** The active pane of {@code session}'s current window, as tmux reports it. */
    private static String current(TmuxServer s, String session) {
        return s.run("display-message", "-p", "-t", "=" + session + ":", "#{pane_id}").trim();
    }

    private static String shown(TmuxServer s) {
        return s.run("list-clients", "-F", "#{client_session} #{window_id} #{pane_id} #{window_zoomed_flag}").trim();
    }

    @Test
    void movesTheClientToAnotherSessionWindowAndNonActivePaneAndUnzooms() throws Exception {
        TmuxServer inner = server(TmuxServer.named());
        TmuxServer.Pane a1 = inner.newSession("agents", tmp, "sleep", "200001");
        TmuxServer.Pane a2 = inner.newWindow("agents", tmp, "sleep", "200002");
        TmuxServer.Pane a3 = inner.splitWindow(a2.id(), tmp, "sleep", "200003");
        inner.run("select-pane", "-t", a2.id());
        inner.run("resize-pane", "-Z", "-t", a2.id());
        inner.run("select-window", "-t", "agents:0");
        TmuxServer.Pane ops = inner.newSession("ops", tmp, "sleep", "200004");
        for (TmuxServer.Pane p : List.of(a1, a2, a3, ops)) session(p.pid(), "s" + p.pid());
        attachClient(inner, "ops");
        assertTrue(shown(inner).startsWith("ops "), shown(inner));

        focus(scan().get("s" + a3.pid()));
        String window = inner.run("display-message", "-p", "-t", a3.id(), "#{window_id}").trim();
        assertEquals("agents " + window + " " + a3.id() + " 0", shown(inner));

        focus(scan().get("s" + a1.pid()));
        assertTrue(shown(inner).startsWith("agents @0 " + a1.id()), shown(inner));

        focus(scan().get("s" + ops.pid()));
        assertTrue(shown(inner).startsWith("ops "), shown(inner));
    }

    @Test
    void aClientInAGroupedSessionStaysInItsGroup() throws Exception {
        TmuxServer inner = server(TmuxServer.named());
        TmuxServer.Pane a1 = inner.newSession("agents", tmp, "sleep", "200011");
        TmuxServer.Pane a2 = inner.newWindow("agents", tmp, "sleep", "200012");
        inner.run("new-session", "-d", "-t", "agents", "-s", "viewer");
        inner.run("select-window", "-t", "viewer:0");
        session(a2.pid(), "s2");
        attachClient(inner, "viewer");

        assertEquals(a1.id(), current(inner, "agents"), "before: the agent's own session shows a1's window");

        focus(scan().get("s2"));
        String window = inner.run("display-message", "-p", "-t", a2.id(), "#{window_id}").trim();
        assertEquals("viewer " + window + " " + a2.id() + " 0", shown(inner));
        // the window changed in the viewer's session only: the grouped session the pane belongs to
        // ("agents", with no client) still shows a1, so fleet did not select the window through it
        assertEquals(a1.id(), current(inner, "agents"), "the agents session kept its own current window");
    }

    @Test
    void noClientMeansExitThreeAndTheAttachCommand() throws Exception {
        TmuxServer inner = server(TmuxServer.named());
        TmuxServer.Pane a1 = inner.newSession("lonely", tmp, "sleep", "200021");
        session(a1.pid(), "s1");
        FocusException e = assertThrows(FocusException.class, () -> focus(scan().get("s1")));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("tmux -S " + inner.socketPath() + " attach -t =lonely"), e.getMessage());
    }
}
