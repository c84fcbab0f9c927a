package dev.fleet.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names, quoting and the state file, without tmux. */
class WorkspaceTest {
    @TempDir
    Path tmp;

    private static WorkspaceTarget target(String socket, String session, String window, String pane) {
        return new WorkspaceTarget(42, "sess-1", "api · x", "waiting", Path.of(socket), session, "$1", window, pane);
    }

    @Test
    void linkedNamesAreDeterministicAndDistinct() {
        WorkspaceTarget t = target("/tmp/tmux-0/default", "work", "@1", "%1");
        assertEquals(t.linkedSession(), target("/tmp/tmux-0/default", "work", "@1", "%1").linkedSession());
        assertTrue(t.linkedSession().matches("fleet-ws-[0-9a-f]{8}"), t.linkedSession());
        assertNotEquals(t.linkedSession(), target("/tmp/tmux-0/other", "work", "@1", "%1").linkedSession());
        assertNotEquals(t.linkedSession(), target("/tmp/tmux-0/default", "work", "@1", "%2").linkedSession());
        assertNotEquals(t.linkedSession(), target("/tmp/tmux-0/default", "work", "@2", "%1").linkedSession());
    }

    /** The pane command survives sh with a hostile socket path and session name: sh gives tmux exactly our argv. */
    @Test
    void paneCommandIsQuotedForSh() {
        Path socket = Path.of("/tmp/a b/it's $(touch pwned); `x`.sock");
        String cmd = ViewerClient.shellCommand(socket, "fleet-ws-0123abcd", true);
        assertTrue(cmd.startsWith("TMUX= tmux -S "), cmd);
        // replace tmux by printf to see the words sh hands over
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("sh", "-c",
                "tmux() { printf '[%s]' \"$@\"; printf '{%s}' \"$TMUX\"; }; " + cmd), Map.of("TMUX", "/x,1,0"), null);
        assertEquals("[-S][" + socket + "][attach-session][-f][ignore-size][-t][=fleet-ws-0123abcd]{}", r.out());
        assertTrue(Files.notExists(Path.of("pwned")));
    }

    @Test
    void stateRoundTripsThroughItsFile() {
        Path file = tmp.resolve("fleet/workspace.json");
        WorkspaceTarget t = target("/tmp/s", "work", "@3", "%7");
        WorkspaceState s = new WorkspaceState(Path.of("/tmp/agg"), "fleet-workspace", "tiled", 200, 50, 1, 2,
                List.of(new WorkspaceState.PaneEntry(t, t.linkedSession(), "%0")), Map.of("terminal", "kitty", "pids", List.of(12L)));
        s.save(file);
        WorkspaceState back = WorkspaceState.load(file).orElseThrow();
        assertEquals(s.panes(), back.panes());
        assertEquals(s.window(), back.window());
        assertEquals(s.aggregatorSocket(), back.aggregatorSocket());
        assertTrue(WorkspaceState.load(tmp.resolve("none.json")).isEmpty());
    }

    /**
     * A remote tile keeps its host through the state file, so a refresh matches it to the host's agent (not to a
     * local pane of the same socket path and ids) and never looks for a linked session of it on this machine.
     */
    @Test
    void aRemoteTileKeepsItsHostAndHasNoLinkedSessionHere() {
        Path file = tmp.resolve("fleet/workspace.json");
        WorkspaceTarget r = WorkspaceTarget.remote("r1", 42, "sess-1", "api@r1", "waiting", Path.of("/tmp/s"), "work", "@3", "%7",
                List.of("ssh", "-t", "--", "r1", "'tmux' 'attach'"));
        WorkspaceTarget here = target("/tmp/s", "work", "@3", "%7");
        assertTrue(r.remote());
        assertEquals("", r.linkedSession());
        assertNotEquals(here.key(), r.key());
        new WorkspaceState(Path.of("/tmp/agg"), "fleet-workspace", "tiled", 200, 50, 1, 2,
                List.of(new WorkspaceState.PaneEntry(r, r.linkedSession(), "%0"), new WorkspaceState.PaneEntry(here, here.linkedSession(), "%1")),
                null).save(file);
        List<WorkspaceState.PaneEntry> back = WorkspaceState.load(file).orElseThrow().panes();
        assertEquals(List.of(r.key(), here.key()), back.stream().map(e -> e.target().key()).toList());
        assertEquals("r1", back.get(0).target().host());
        assertTrue(back.get(0).target().remote());
        assertTrue(!back.get(1).target().remote());
    }

    @Test
    void corruptStateSaysWhichFile() throws Exception {
        Path file = tmp.resolve("workspace.json");
        Files.writeString(file, "{\"panes\": [");
        WorkspaceException e = assertThrows(WorkspaceException.class, () -> WorkspaceState.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void unknownLayoutIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WorkspaceConfig(Path.of("/tmp/x"), "s", tmp.resolve("w.json"), "spiral", 200, 50, "fleet"));
        assertTrue(e.getMessage().contains("tiled"), e.getMessage());
    }
}
