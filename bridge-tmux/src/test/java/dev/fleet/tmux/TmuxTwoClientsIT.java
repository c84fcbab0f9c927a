package dev.fleet.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.core.scan.FleetScan;
import dev.fleet.testkit.SessionFiles;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tmux server, two user terminals (issue 8.2): session {@code main} (two windows, an agent in
 * each) shown by client 1, session {@code qa} shown by client 2. A switch must end with exit 0 and
 * the right pane in the right client, whichever session was used last. Checked with tmux's own
 * {@code list-clients}, not with fleet's verification.
 */
class TmuxTwoClientsIT {
    @TempDir
    Path tmp;

    final List<AutoCloseable> cleanup = new ArrayList<>();
    TmuxServer agents;
    TmuxServer terminals;
    TmuxServer.Pane main0;
    TmuxServer.Pane main1;
    TmuxServer.Pane qa;

    @BeforeEach
    void setUp() throws Exception {
        agents = server(TmuxServer.named());
        main0 = agents.newSession("main", tmp, "sleep", "200101");
        main1 = agents.newWindow("main", tmp, "sleep", "200102");
        qa = agents.newSession("qa", tmp, "sleep", "200103");
        for (TmuxServer.Pane p : List.of(main0, main1, qa)) session(p.pid());
        // the user's two terminals: panes of another server, each running a client of the agents' server
        terminals = server(TmuxServer.named());
        attach("term1", "main");
        attach("term2", "qa");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) cleanup.get(i).close();
    }

    @Test
    void switchingToEachAgentOfMainEndsWithItsPaneInMainsClient() {
        String qaBefore = shows("qa");
        for (TmuxServer.Pane p : List.of(main1, main0, main1)) {
            focus(p);
            assertEquals("main " + window(p) + " " + p.id(), shows("main"), "client 1 after switching to " + p.id());
            assertEquals(qaBefore, shows("qa"), "client 2 is left alone");
        }
    }

    @Test
    void theOtherSessionBeingTheMostRecentlyUsedChangesNothing() throws Exception {
        for (TmuxServer.Pane p : List.of(main1, main0)) {
            useTerminal("term2"); // a key typed in terminal 2: qa becomes the most recently used session
            focus(p);
            assertEquals("main " + window(p) + " " + p.id(), shows("main"));
            assertEquals("qa " + window(qa) + " " + qa.id(), shows("qa"));
        }
        useTerminal("term1");
        focus(qa);
        assertEquals("qa " + window(qa) + " " + qa.id(), shows("qa"));
    }

    private TmuxServer server(TmuxServer s) {
        cleanup.add(s);
        return s;
    }

    private void session(int pid) {
        Map<String, Object> f = SessionFiles.fields(pid, tmp, "idle", 1);
        f.put("sessionId", "s" + pid);
        SessionFiles.write(tmp.resolve("claude"), f);
    }

    /** A terminal (a pane of {@link #terminals}) running {@code tmux attach -t session} on the agents' server. */
    private void attach(String terminal, String session) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
        cmd.addAll(agents.socketArgs());
        cmd.addAll(List.of("attach", "-t", session));
        terminals.newSession(terminal, tmp, cmd.toArray(String[]::new));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (shows(session).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(!shows(session).isEmpty(), "no client attached to " + session);
    }

    /** Types a harmless key into the terminal, so its client's session is the most recently used. */
    private void useTerminal(String terminal) throws InterruptedException {
        terminals.sendKeys(terminal, "Escape");
        Thread.sleep(300);
    }

    /** What the client attached to {@code session} shows: "session window pane", from list-clients. */
    private String shows(String session) {
        String tty = "";
        StringBuilder out = new StringBuilder();
        for (String line : agents.run("list-clients", "-F", "#{client_tty} #{session_name} #{window_id} #{pane_id}").split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 4 && f[1].equals(session)) {
                if (!tty.isEmpty()) throw new AssertionError("two clients on " + session);
                tty = f[0];
                out.append(f[1]).append(' ').append(f[2]).append(' ').append(f[3]);
            }
        }
        return out.toString();
    }

    private String window(TmuxServer.Pane p) {
        return agents.display(p.id(), "#{window_id}");
    }

    /** fleet's tmux focus of the agent in {@code p}, as `fleet switch` runs it; throws on any failure. */
    private void focus(TmuxServer.Pane p) {
        FleetScan scan = new FleetScan(tmp.resolve("claude"), Path.of("/proc"), Map.of(), Map.of(),
                w -> { throw new AssertionError(w); }, v -> {}, id -> null, new Locators(List.of(new TmuxLayer())));
        Map<String, Agent> bySid = new HashMap<>();
        for (Agent a : scan.run(false).agents()) bySid.put(a.sessionId(), a);
        Agent a = bySid.get("s" + p.pid());
        FocusContext ctx = new FocusContext(ProcSnapshot.read(Path.of("/proc")), Map.of(),
                Exec.withTimeout(Duration.ofSeconds(5)), v -> {}, Map.of());
        FocusPlan plan = new Layers(List.of(new TmuxLayer())).planFocus(ctx, a);
        assertEquals(1, plan.steps().size(), plan.toString());
        plan.run(ctx);
    }
}
