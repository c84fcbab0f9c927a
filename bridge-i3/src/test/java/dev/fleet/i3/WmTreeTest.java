package dev.fleet.i3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tree indexing and socket discovery on hand-written inputs: the shapes real trees take that the live tests do not. */
class WmTreeTest {
    private static final String TREE = """
            {"id":1,"type":"root","nodes":[
              {"id":2,"type":"output","name":"__i3","nodes":[{"id":3,"type":"con","nodes":[
                 {"id":4,"type":"workspace","name":"__i3_scratch","num":-1,"nodes":[],"floating_nodes":[
                    {"id":5,"type":"floating_con","nodes":[{"id":6,"type":"con","window":600,"nodes":[]}]}]}]}]},
              {"id":10,"type":"output","name":"DP-1","nodes":[{"id":11,"type":"con","name":"content","nodes":[
                 {"id":12,"type":"workspace","name":"3:mail","num":3,"nodes":[
                    {"id":13,"type":"con","layout":"splith","nodes":[
                       {"id":14,"type":"con","window":1400,"focused":true,"nodes":[]},
                       {"id":15,"type":"con","pid":4242,"nodes":[]}]}],
                  "floating_nodes":[{"id":16,"type":"floating_con","nodes":[
                       {"id":17,"type":"con","pid":4242,"window":1700,"nodes":[]}]}]}]}]}]}
            """;

    @Test
    void indexesNestedFloatingAndScratchpadWindows() {
        WmTree t = WmTree.parse(WmKind.SWAY, Path.of("/s"), Json.parseObject(TREE));
        assertEquals(List.of(6L, 14L, 15L, 17L), t.windows().stream().map(WmWindow::conId).toList());
        WmWindow w14 = t.byX11(1400);
        assertEquals("3:mail", w14.workspace());
        assertEquals(3, w14.workspaceNum());
        assertEquals("DP-1", w14.output());
        assertTrue(w14.focused());
        assertEquals("__i3_scratch", t.byX11(600).workspace());
        assertNull(t.byX11(600).workspaceNum());
        assertEquals(List.of(15L, 17L), t.byPid(4242).stream().map(WmWindow::conId).toList());
        assertEquals("3:mail", t.byX11(1700).workspace(), "floating window belongs to its workspace");
        assertEquals("sway ws 3:mail", WmLocation.of(t, w14).where());
    }

    @Test
    void discoveryPrefersSwaysockDropsMissingAndDedupes(@TempDir Path dir) throws Exception {
        Path sock = Files.createFile(dir.resolve("ipc.sock"));
        Path other = Files.createFile(dir.resolve("other.sock"));
        Agent a1 = TestSupport.agent(1, Map.of("I3SOCK", sock.toString(), "SWAYSOCK", sock.toString()));
        Agent a2 = TestSupport.agent(2, Map.of("I3SOCK", dir.resolve("gone.sock").toString()));
        Agent a3 = TestSupport.agent(3, Map.of("I3SOCK", other.toString()));
        List<String> notes = TestSupport.notes();
        List<WmSocket> found = WmSockets.discover(TestSupport.ctx(Map.of("I3SOCK", sock.toString()), notes),
                List.of(a1, a2, a3));
        assertEquals(2, found.size(), found.toString());
        assertEquals(sock, found.get(0).path());
        assertEquals(WmKind.SWAY, found.get(0).kind(), "SWAYSOCK settles the kind");
        assertEquals("env I3SOCK", found.get(0).source());
        assertEquals(other, found.get(1).path());
        assertNull(found.get(1).kind(), "I3SOCK alone leaves it to GET_VERSION");
    }
}
