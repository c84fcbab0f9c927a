package dev.fleet.i3;

import static dev.fleet.i3.TestSupport.childOf;
import static dev.fleet.i3.TestSupport.ctx;
import static dev.fleet.i3.TestSupport.focusCtx;
import static dev.fleet.i3.TestSupport.notes;
import static dev.fleet.i3.TestSupport.wm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Attention;
import dev.fleet.testkit.desktop.Desktop;
import dev.fleet.testkit.desktop.Sway;
import dev.fleet.testkit.desktop.Trees;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The window manager's urgency on a waiting agent's window, read back from the window manager's own
 * tree ({@code i3-msg -t get_tree}, {@code swaymsg -t get_tree}): set while it waits, gone after.
 * The agent's window is on a workspace in the background: both ignore urgency on the focused window.
 */
class WmAttentionTest {
    static Agent in(Agent a, AgentState s) {
        return new Agent(a.pid(), a.sessionId(), "test", null, null, null, "/tmp", null, s, 0L, null, 0L, "2.1.330",
                a.hints(), a.locations());
    }

    static boolean urgent(Map<String, Object> tree, long conId) {
        Map<String, Object> n = Trees.find(tree, m -> Json.lng(m, "id", -1) == conId);
        assertNotNull(n, "con " + conId + " in the tree");
        return Json.bool(n, "urgent", false);
    }

    /** Marks, then unmarks by state, marks again and clears: each step read back from the tree. */
    static void cycle(Agent located, long conId, Supplier<Map<String, Object>> tree) {
        Attention marks = new WmLayer().attention().orElseThrow();
        List<String> notes = notes();
        assertEquals(false, urgent(tree.get(), conId), "not urgent before");
        marks.show(focusCtx(notes), List.of(in(located, AgentState.WAITING)));
        awaitUrgent(tree, conId, true, notes);
        marks.show(focusCtx(notes), List.of(in(located, AgentState.BUSY)));
        awaitUrgent(tree, conId, false, notes);
        marks.show(focusCtx(notes), List.of(in(located, AgentState.WAITING)));
        awaitUrgent(tree, conId, true, notes);
        marks.clear(focusCtx(notes));
        awaitUrgent(tree, conId, false, notes);
        assertTrue(notes.isEmpty(), notes.toString());
    }

    /** i3 reads a WM_HINTS change when X delivers it: a short wait, not a fixed sleep. */
    static void awaitUrgent(Supplier<Map<String, Object>> tree, long conId, boolean want, List<String> notes) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (urgent(tree.get(), conId) != want) {
            if (System.nanoTime() > end) throw new AssertionError("con " + conId + " urgent should be " + want + "; notes " + notes);
            dev.fleet.testguard.Ci.sleep(50);
        }
    }

    @Test
    void i3ShowsTheWaitingAgentsWindowUrgent() {
        dev.fleet.testkit.Require.tools("xdotool");
        try (Desktop desk = Desktop.start()) {
            String sfx = Long.toString(System.nanoTime(), 36);
            desk.command("workspace 2");
            Desktop.Kitty k = desk.startKitty("fleet-mark-" + sfx, List.of(), List.of("sleep", "3600"));
            desk.command("workspace 1");
            // the agent as discovery sees it: its environ names the display and its terminal's window
            Agent a = TestSupport.agent(childOf(k.pid()), Map.of("DISPLAY", desk.displayName(), "WINDOWID",
                    Long.toString(k.windowId())));
            Agent located = new WmLocator().locate(ctx(Map.of("I3SOCK", desk.socket().toString()), notes()), List.of(a)).get(0);
            assertEquals(k.conId(), wm(located).conId());
            cycle(located, k.conId(), desk::tree);
        }
    }

    @Test
    void swayShowsTheWaitingAgentsContainerUrgent() {
        try (Sway sway = Sway.start()) {
            String sfx = Long.toString(System.nanoTime(), 36);
            sway.command("workspace 2");
            Sway.Foot f = sway.startFoot("fleet-mark-" + sfx, List.of("sleep", "3600"));
            sway.command("workspace 1");
            Agent a = TestSupport.agent(childOf(f.pid()), Map.of());
            Agent located = new WmLocator().locate(ctx(Map.of("I3SOCK", sway.socket().toString()), notes()), List.of(a)).get(0);
            assertEquals(f.conId(), wm(located).conId());
            cycle(located, f.conId(), sway::tree);
        }
    }
}
