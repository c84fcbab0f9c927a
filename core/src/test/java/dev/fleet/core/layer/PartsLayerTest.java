package dev.fleet.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A layer's parts are made at their first use, once: {@code fleet ls} runs the locators only, so it must
 * make no focuser and no probe; the daemon, which focuses many times, makes each once.
 */
class PartsLayerTest {
    private final List<String> made = new ArrayList<>();

    private final class Parts extends PartsLayer {
        Parts() {
            super("stub", 100, Set.of("STUB"),
                    () -> { made.add("locate"); return (ctx, agents) -> agents; },
                    () -> { made.add("focus"); return (ctx, agent) -> List.<FocusStep>of(); },
                    () -> { made.add("probe"); return (ctx, agents) -> List.<Finding>of(); });
        }
    }

    @Test
    void locatingMakesTheLocatorAloneAndOnce() {
        Parts layer = new Parts();
        assertEquals(List.of(), made, "nothing is made with the layer");
        List<Agent> none = List.of();
        layer.locate(null, none);
        layer.locate(null, none);
        assertEquals(List.of("locate"), made);
        layer.planFocus(null, null);
        layer.planFocus(null, null);
        layer.probe(null, none);
        assertEquals(List.of("locate", "focus", "probe"), made);
    }
}
