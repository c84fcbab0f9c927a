package dev.fleet.i3;

import static dev.fleet.i3.TestSupport.agent;
import static dev.fleet.i3.TestSupport.childOf;
import static dev.fleet.i3.TestSupport.ctx;
import static dev.fleet.i3.TestSupport.notes;
import static dev.fleet.i3.TestSupport.wm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.desktop.Sway;
import dev.fleet.testkit.desktop.Trees;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A real headless sway with two foot windows: foot A on workspace 1, foot B on workspace 2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WmSwayTest {
    private Sway sway;
    private Sway.Foot a;
    private Sway.Foot b;

    @BeforeAll
    void start() {
        sway = Sway.start();
        String sfx = Long.toString(System.nanoTime(), 36);
        sway.command("workspace 1");
        a = sway.startFoot("fleet-foot-a-" + sfx, List.of("sleep", "3600"));
        sway.command("workspace 2");
        b = sway.startFoot("fleet-foot-b-" + sfx, List.of("sleep", "3600"));
        System.out.println("[bridge-i3] sway up in " + sway.startMillis() + " ms, foot A " + a.startMillis()
                + " ms, foot B " + b.startMillis() + " ms to appear in sway's tree");
    }

    @AfterAll
    void stop() {
        if (sway != null) sway.close();
    }

    @Test
    void ipcRoundTripsOnSway() {
        try (I3Ipc ipc = I3Ipc.connect(sway.socket(), Duration.ofSeconds(3))) {
            assertEquals(WmKind.SWAY, WmKind.fromVersion(ipc.version()));
            assertEquals("root", ipc.tree().get("type"));
            assertTrue(ipc.workspaces().size() >= 2, "workspaces 1 and 2");
            List<I3Ipc.CommandResult> r = ipc.runCommand("[con_id=987654321] focus");
            assertEquals(false, r.get(0).success());
            assertNotNull(r.get(0).error());
        }
    }

    /** Agents are the programs the foot windows run; only sway's pid field and /proc ancestry place them. */
    @Test
    void locatesByPidAndFocusSwitchesBetweenWorkspaces() {
        Agent agA = agent(childOf(a.pid()), Map.of());
        Agent agB = agent(childOf(b.pid()), Map.of());
        List<String> notes = notes();
        // only I3SOCK (as sway also sets it): the kind must come from GET_VERSION
        List<Agent> out = new WmLocator().locate(ctx(Map.of("I3SOCK", sway.socket().toString()), notes), List.of(agA, agB));
        WmLocation la = wm(out.get(0));
        WmLocation lb = wm(out.get(1));
        assertNotNull(la, "A located; notes: " + notes);
        assertNotNull(lb, "B located; notes: " + notes);
        assertEquals(WmKind.SWAY, la.kind());
        assertEquals(a.conId(), la.conId());
        assertEquals(a.pid(), la.pid());
        assertNull(la.windowId(), "native Wayland window");
        assertEquals("1", la.workspace());
        assertEquals("HEADLESS-1", la.output());
        assertEquals("sway ws 1", la.where());
        assertEquals(b.conId(), lb.conId());
        assertEquals("2", lb.workspace());
        assertTrue(lb.focused(), "B was opened last");

        focus(out.get(0));
        Map<String, Object> f = Trees.focused(sway.tree());
        assertEquals(a.conId(), Json.lng(f, "id", -1), "foot A in front");
        assertEquals(a.pid(), Json.lng(f, "pid", -1));

        focus(out.get(1));
        f = Trees.focused(sway.tree());
        assertEquals(b.conId(), Json.lng(f, "id", -1), "foot B in front");
        assertEquals("2", Trees.workspaceOf(sway.tree(), Json.lng(f, "id", -1)));
    }

    private void focus(Agent ag) {
        List<String> notes = notes();
        FocusPlan plan = new Layers(List.of(new WmLayer())).planFocus(TestSupport.focusCtx(notes), ag);
        assertEquals(1, plan.steps().size());
        assertTrue(plan.steps().get(0).describe().startsWith("sway: focus con "), plan.steps().get(0).describe());
        plan.run(TestSupport.focusCtx(notes));
    }
}
