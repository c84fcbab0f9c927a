package dev.fleet.i3;

import static dev.fleet.i3.TestSupport.agent;
import static dev.fleet.i3.TestSupport.childOf;
import static dev.fleet.i3.TestSupport.ctx;
import static dev.fleet.i3.TestSupport.notes;
import static dev.fleet.i3.TestSupport.wm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.json.Json;
import dev.fleet.i3.TestSupport.FakeTerminal;
import dev.fleet.testkit.desktop.Desktop;
import dev.fleet.testkit.desktop.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The locator and the focuser on a real i3 (Xvfb) with two real kitty windows: kitty A on workspace 1,
 * kitty B on workspace 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WmI3Test {
    private Desktop desk;
    private Desktop.Kitty a;
    private Desktop.Kitty b;
    private final int self = (int) ProcessHandle.current().pid();

    @BeforeAll
    void start() {
        desk = Desktop.start();
        String sfx = Long.toString(System.nanoTime(), 36);
        a = desk.startKitty("fleet-a-" + sfx, List.of("font_size=9"), List.of("sleep", "3600"));
        desk.command("workspace 2");
        b = desk.startKitty("fleet-b-" + sfx, List.of(), List.of("sleep", "3600"));
        desk.command("workspace 1");
        System.out.println("[bridge-i3] desktop " + desk.startMillis() + " ms, kitty A " + a.startMillis()
                + " ms, kitty B " + b.startMillis() + " ms to appear in i3's tree");
    }

    @AfterAll
    void stop() {
        if (desk != null) desk.close();
    }

    private List<Agent> locate(Map<String, String> env, List<String> notes, Agent... agents) {
        return new WmLocator().locate(ctx(env, notes), List.of(agents));
    }

    @Test
    void findsKittysContainerByItsPlatformWindowId() {
        long platformId = TestSupport.kittyPlatformWindowId(b.listenOn());
        assertEquals(b.windowId(), platformId, "kitty's platform_window_id is the X11 window i3 manages");
        // The agent process is not inside kitty at all: only the terminal bridge's window id can place it.
        Agent ag = agent(self, Map.of(), new FakeTerminal(0, OptionalLong.of(platformId)));
        List<String> notes = notes();
        long t0 = System.nanoTime();
        WmLocation l = wm(locate(Map.of("I3SOCK", desk.socket().toString()), notes, ag).get(0));
        System.out.println("[bridge-i3] locate by window id: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertNotNull(l, "located; notes: " + notes);
        assertEquals(WmKind.I3, l.kind());
        assertEquals(b.conId(), l.conId());
        assertEquals(platformId, l.windowId());
        assertEquals("2", l.workspace());
        assertEquals(2, l.workspaceNum());
        assertFalse(l.focused(), "workspace 1 is in front");
        assertEquals("i3 ws 2", l.where());
        assertEquals("wm", l.layer());
        Map<String, Object> json = Json.parseObject(Json.write(l));
        assertEquals(List.of("kind", "socket", "con_id", "window_id", "pid", "workspace", "workspace_num", "output",
                "focused"), List.copyOf(json.keySet()));
        assertEquals("i3", json.get("kind"));
        assertEquals(b.conId(), json.get("con_id"));
        assertEquals(desk.socket().toString(), json.get("socket"));
    }

    @Test
    void findsContainerByWindowIdHint() {
        Agent ag = agent(self, Map.of("WINDOWID", Long.toString(a.windowId())));
        WmLocation l = wm(locate(Map.of("I3SOCK", desk.socket().toString()), notes(), ag).get(0));
        assertNotNull(l);
        assertEquals(a.conId(), l.conId());
        assertEquals("1", l.workspace());
        assertTrue(l.focused(), "kitty A has the focus on workspace 1");
    }

    @Test
    void findsContainerByNetWmPidOfTheAgentsAncestor() {
        dev.fleet.testkit.Require.tools("xdotool");
        // The "agent" is the program kitty B runs; no window id is known, only its ancestry.
        int inKitty = childOf(b.pid());
        Agent ag = agent(inKitty, Map.of("DISPLAY", desk.displayName()));
        List<String> notes = notes();
        long t0 = System.nanoTime();
        WmLocation l = wm(locate(Map.of("I3SOCK", desk.socket().toString()), notes, ag).get(0));
        System.out.println("[bridge-i3] locate by _NET_WM_PID (xdotool): " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertNotNull(l, "located; notes: " + notes);
        assertEquals(b.conId(), l.conId());
        assertEquals(b.windowId(), l.windowId());
        assertEquals("2", l.workspace());
    }

    @Test
    void findsTerminalWithoutWindowIdByItsPid() {
        dev.fleet.testkit.Require.tools("xdotool");
        // kitty without remote control: the terminal bridge knows only kitty's pid
        Agent ag = agent(self, Map.of("DISPLAY", desk.displayName()), new FakeTerminal(a.pid(), OptionalLong.empty()));
        WmLocation l = wm(locate(Map.of("I3SOCK", desk.socket().toString()), notes(), ag).get(0));
        assertNotNull(l);
        assertEquals(a.conId(), l.conId());
        assertEquals("1", l.workspace());
    }

    @Test
    void findsSocketInTheTerminalsEnviron() {
        // fleet itself runs outside the desktop (no I3SOCK, no DISPLAY); kitty was started inside it
        Agent ag = agent(self, Map.of(), new FakeTerminal(b.pid(), OptionalLong.of(b.windowId())));
        List<String> notes = notes();
        WmLocation l = wm(locate(Map.of("PATH", "/nonexistent"), notes, ag).get(0));
        assertNotNull(l, "located; notes: " + notes);
        assertEquals(b.conId(), l.conId());
        assertTrue(String.join("\n", notes).contains("terminal " + b.pid() + " environ I3SOCK"), notes.toString());
    }

    @Test
    void findsSocketInAgentHints() {
        Agent ag = agent(self, Map.of("I3SOCK", desk.socket().toString(), "WINDOWID", Long.toString(b.windowId())));
        WmLocation l = wm(locate(Map.of(), notes(), ag).get(0));
        assertNotNull(l);
        assertEquals(b.conId(), l.conId());
    }

    @Test
    void agentOutsideTheDesktopStaysUnlocated() {
        Agent ag = agent(self, Map.of("DISPLAY", desk.displayName()));
        List<Agent> out = locate(Map.of("I3SOCK", desk.socket().toString()), notes(), ag);
        assertNull(wm(out.get(0)));
        assertEquals(ag, out.get(0));
    }

    @Test
    void staleSocketIsSkippedQuietly() throws Exception {
        Path stale = Files.createTempFile(Path.of("/tmp"), "fleet-stale-i3-", ".sock");
        try {
            Agent ag = agent(self, Map.of("I3SOCK", stale.toString(), "WINDOWID", Long.toString(b.windowId())));
            List<String> notes = notes();
            List<Agent> out = locate(Map.of(), notes, ag);
            assertNull(wm(out.get(0)));
            assertTrue(notes.stream().noneMatch(n -> n.startsWith("warn:")), "no warning for an agent's stale hint: " + notes);
            assertTrue(notes.stream().anyMatch(n -> n.contains("cannot connect to window manager socket " + stale)), notes.toString());
        } finally {
            Files.deleteIfExists(stale);
        }
    }

    @Test
    void focusSwitchesToTheAgentsWorkspace() {
        desk.command("workspace 1");
        assertEquals(a.conId(), Json.lng(Trees.focused(desk.tree()), "id", -1), "kitty A in front before");
        Agent ag = agent(self, Map.of(), new FakeTerminal(b.pid(), OptionalLong.of(b.windowId())));
        ag = locate(Map.of("I3SOCK", desk.socket().toString()), notes(), ag).get(0);
        List<String> notes = notes();
        FocusPlan plan = new Layers(List.of(new WmLayer())).planFocus(TestSupport.focusCtx(notes), ag);
        assertEquals(1, plan.steps().size());
        assertEquals("i3: focus con " + b.conId() + " (i3 ws 2)", plan.steps().get(0).describe());
        plan.run(TestSupport.focusCtx(notes));

        Map<String, Object> focused = Trees.focused(desk.tree());
        assertEquals(b.conId(), Json.lng(focused, "id", -1), "kitty B has the focus");
        assertEquals(b.windowId(), Json.lng(focused, "window", -1));
        assertEquals("2", Trees.workspaceOf(desk.tree(), b.conId()));
        try (I3Ipc ipc = I3Ipc.connect(desk.socket(), WmFocuser.IPC_TIMEOUT)) {
            assertTrue(ipc.workspaces().stream().anyMatch(w -> "2".equals(w.get("name")) && Json.bool(w, "focused", false)));
        }
        desk.command("workspace 1");
    }

    @Test
    void focusFailureCarriesI3sError() {
        WmLocation gone = new WmLocation(WmKind.I3, desk.socket().toString(), 987654321L, null, null, "3", 3, "screen", false);
        Agent ag = agent(self, Map.of(), gone);
        FocusPlan plan = new Layers(List.of(new WmLayer())).planFocus(TestSupport.focusCtx(notes()), ag);
        FocusException e = assertThrows(FocusException.class, () -> plan.run(TestSupport.focusCtx(notes())));
        assertEquals("i3: cannot focus con 987654321 (i3 ws 3): No window matches given criteria "
                + "(command: [con_id=987654321] focus)", e.getMessage());
    }

    @Test
    void focusWithDeadSocketSaysSo() {
        WmLocation gone = new WmLocation(WmKind.I3, "/tmp/fleet-no-i3-" + System.nanoTime(), 5L, null, null, "1", 1, null, false);
        FocusException e = assertThrows(FocusException.class,
                () -> new WmFocuser().plan(TestSupport.focusCtx(notes()), agent(self, Map.of(), gone)).get(0)
                        .run(TestSupport.focusCtx(notes())));
        assertTrue(e.getMessage().startsWith("i3: cannot focus con 5 (i3 ws 1): cannot connect to window manager socket"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void registeredWithServiceLoader() {
        assertTrue(Layers.load().innermostFirst().stream().anyMatch(l -> l instanceof WmLayer));
        Layer l = new WmLayer();
        assertEquals("wm", l.id());
        // the outermost layer: locates last (tmux 100, terminals 200) and so focuses first
        assertEquals(300, l.depth());
        assertTrue(Layers.load().outermostFirst().get(0) instanceof WmLayer);
    }
}
