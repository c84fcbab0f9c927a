package dev.fleet.kitty.testing;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Location;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Agents and contexts for locator/focuser tests: real pids, hints read the way discovery reads them. */
public final class Agents {
    private Agents() {}

    public static ProcSnapshot proc() {
        return ProcSnapshot.read(Path.of("/proc"));
    }

    /**
     * An agent for a live process, its hints read from its environ like AgentDiscovery does. A window's
     * child that kitty has just forked is still a copy of kitty (kitty's environ, without KITTY_*) until
     * it execs its command, so first wait for that: a real agent is long past it when fleet looks.
     */
    public static Agent of(int pid) {
        KittyDesktop.awaitTrue("process " + pid + " to exec its command (a fork of kitty has no KITTY_* yet)",
                () -> ProcSnapshot.readStat(Path.of("/proc"), pid).map(p -> !p.comm().startsWith("kitty")).orElse(true));
        return of(pid, proc().environ(pid, Layers.load().hintEnv()), List.of());
    }

    public static Agent of(int pid, Map<String, String> hints, List<Location> locations) {
        return new Agent(pid, "session-" + pid, null, null, null, null, "/tmp", null, AgentState.BUSY, 0L, null, 0L,
                "2.1.330", hints, locations);
    }

    /** A locate context over a fresh /proc snapshot; warnings and notes go to the lists. */
    public static LocateContext locate(List<String> warnings, List<String> notes) {
        return new LocateContext(proc(), Map.of(), Map.of(), Exec.withTimeout(Duration.ofSeconds(5)),
                warnings::add, notes::add);
    }

    public static FocusContext focus(List<String> notes) {
        return new FocusContext(proc(), Map.of(), Exec.withTimeout(Duration.ofSeconds(5)), notes::add, Map.of());
    }

    public static List<String> list() {
        return new ArrayList<>();
    }

    /** A stand-in for the tmux layer: a pane shown by the given client processes. */
    public record HostLocation(List<Integer> hostPids) implements Location {
        @Override
        public String layer() {
            return "tmux";
        }

        @Override
        public String where() {
            return "tmux (test)";
        }

        @Override
        public Object toJson() {
            return Map.of();
        }
    }
}
