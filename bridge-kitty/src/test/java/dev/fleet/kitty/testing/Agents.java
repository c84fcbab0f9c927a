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
     * child that kitty has just forked shows kitty's own environ, without KITTY_*, until it execs its
     * command, so a child of kitty is read once its environ has KITTY_WINDOW_ID: a real agent is long past
     * that when fleet looks.
     */
    public static Agent of(int pid) {
        // what is needed, not a proxy for it (the child's name or program): kitty's variables in its environ,
        // for a child of kitty; 20 s at most, then whatever it has
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        Map<String, String> hints = proc().environ(pid, Layers.load().hintEnv());
        while (!hints.containsKey("KITTY_WINDOW_ID") && childOfKitty(pid) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            hints = proc().environ(pid, Layers.load().hintEnv());
        }
        return of(pid, hints, List.of());
    }

    private static boolean childOfKitty(int pid) {
        int ppid = ProcSnapshot.readStat(Path.of("/proc"), pid).map(p -> p.ppid()).orElse(0);
        try {
            return ppid > 0 && java.nio.file.Files.readSymbolicLink(Path.of("/proc", Integer.toString(ppid), "exe"))
                    .getFileName().toString().startsWith("kitty");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
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
