package dev.fleet.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentDiscovery;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.proc.FakeProc;
import dev.fleet.core.proc.ProcSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain of layers, with stand-ins at the bridges' depths: the orders and the variables they ask for. */
class LayersTest {
    @TempDir
    Path tmp;

    private final List<String> calls = new ArrayList<>();

    /** A layer that records what it was asked and adds nothing. */
    private class Stub implements Layer {
        final String id;
        final int depth;
        final Set<String> hints;
        Set<String> sawHintEnv;

        Stub(String id, int depth, String... hints) {
            this.id = id;
            this.depth = depth;
            this.hints = Set.of(hints);
        }

        public String id() {
            return id;
        }

        public int depth() {
            return depth;
        }

        public Set<String> hintEnv() {
            return hints;
        }

        public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
            calls.add("locate " + id);
            sawHintEnv = ctx.hintEnv();
            return agents;
        }

        public List<FocusStep> planFocus(FocusContext ctx, Agent agent) {
            return List.of(new FocusStep() {
                public String layer() {
                    return id;
                }

                public String describe() {
                    return "focus " + id;
                }

                public void run(FocusContext c) {
                    calls.add("run " + id);
                }
            });
        }

        public List<Finding> probe(LocateContext ctx, List<Agent> agents) {
            calls.add("probe " + id);
            return List.of(Finding.ok(id, "seen"));
        }
    }

    private final Stub tmux = new Stub("tmux", 100, "TMUX", "TMUX_PANE");
    private final Stub kitty = new Stub("kitty", 200, "KITTY_PID", "KITTY_WINDOW_ID", "KITTY_LISTEN_ON");
    private final Stub wm = new Stub("wm", 300, "I3SOCK", "SWAYSOCK", "DISPLAY");

    private static LocateContext locateCtx() {
        return new LocateContext(ProcSnapshot.read(Path.of("/proc")), Map.of(), Map.of(),
                Exec.withTimeout(Duration.ofSeconds(1)), w -> { throw new AssertionError(w); }, v -> {});
    }

    private static FocusContext focusCtx() {
        return new FocusContext(ProcSnapshot.read(Path.of("/proc")), Map.of(), Exec.withTimeout(Duration.ofSeconds(1)),
                v -> {}, Map.of());
    }

    @Test
    void oneDepthOrdersLocateInnermostFirstAndFocusOutermostFirst() {
        Layers layers = new Layers(List.of(kitty, wm, tmux)); // the class path gives no order
        layers.locate(locateCtx(), List.of());
        layers.probe(locateCtx(), List.of());
        assertEquals(List.of("locate tmux", "locate kitty", "locate wm", "probe tmux", "probe kitty", "probe wm"), calls);
        calls.clear();

        var plan = layers.planFocus(focusCtx(), null);
        assertEquals(List.of("focus wm", "focus kitty", "focus tmux"), plan.steps().stream().map(FocusStep::describe).toList());
        plan.run(focusCtx());
        assertEquals(List.of("run wm", "run kitty", "run tmux"), calls);
    }

    @Test
    void hintEnvIsTheUnionAndEveryLayerSeesIt() {
        Layers layers = new Layers(List.of(tmux, kitty, wm));
        assertEquals(Set.of("TMUX", "TMUX_PANE", "KITTY_PID", "KITTY_WINDOW_ID", "KITTY_LISTEN_ON", "I3SOCK", "SWAYSOCK",
                "DISPLAY"), layers.hintEnv());
        layers.locate(locateCtx(), List.of());
        // tmux copies the client's variables for the outer layers: it must see what they ask for
        assertEquals(layers.hintEnv(), tmux.sawHintEnv);
    }

    @Test
    void anAgentsKittyVariablesAreReadOnlyBecauseTheKittyLayerAsks() throws IOException {
        FakeProc proc = new FakeProc(Files.createDirectories(tmp.resolve("proc")));
        proc.add(1, 0, 1, "init");
        proc.add(7033, 1, 23611, "claude").environ(7033,
                Map.of("KITTY_PID", "900", "KITTY_WINDOW_ID", "3", "TMUX_PANE", "%3", "PATH", "/bin"));
        Path cfg = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        Files.writeString(cfg.resolve("sessions/7033.json"), "{\"pid\":7033,\"sessionId\":\"s1\",\"cwd\":\"/w\","
                + "\"procStart\":\"23611\",\"status\":\"idle\",\"statusUpdatedAt\":1}");

        Agent tmuxOnly = discover(cfg, proc, new Layers(List.of(tmux)));
        assertEquals(Map.of("TMUX_PANE", "%3"), tmuxOnly.hints());
        Agent withKitty = discover(cfg, proc, new Layers(List.of(tmux, kitty)));
        assertEquals(Map.of("TMUX_PANE", "%3", "KITTY_PID", "900", "KITTY_WINDOW_ID", "3"), withKitty.hints());
    }

    private static Agent discover(Path cfg, FakeProc proc, Layers layers) {
        List<Agent> agents = new AgentDiscovery(cfg, w -> { throw new AssertionError(w); }, id -> null, layers.hintEnv())
                .discover(ProcSnapshot.read(proc.root()), false);
        assertEquals(1, agents.size());
        return agents.get(0);
    }

    @Test
    void aCapabilityIsOfferedOnlyByTheLayersThatHaveIt() {
        ScreenReader reader = (ctx, agent, lines, ansi) -> Optional.of("screen");
        Stub reading = new Stub("reading", 150) {
            @Override
            public Optional<ScreenReader> screen() {
                return Optional.of(reader);
            }
        };
        Layers layers = new Layers(List.of(tmux, reading, wm));
        assertEquals(List.of(reader), layers.offering(Layer::screen));
        assertTrue(layers.offering(Layer::attention).isEmpty());
        assertTrue(layers.offering(Layer::input).isEmpty());
        assertTrue(layers.offering(Layer::viewer).isEmpty());
    }

    @Test
    void onlyLayersThatSayAlwaysInJsonKeepAnEmptyField() {
        Stub always = new Stub("tmux", 100) {
            @Override
            public boolean alwaysInJson() {
                return true;
            }
        };
        assertEquals(List.of("tmux"), new Layers(List.of(wm, always, kitty)).alwaysInJson());
    }
}
