package dev.fleet.i3;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.json.Json;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Location;
import dev.fleet.core.locate.TerminalWindow;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Agents, contexts and a stand-in terminal bridge location for the bridge-i3 tests. */
final class TestSupport {
    private TestSupport() {}

    /** What a terminal bridge (kitty's) would report. */
    record FakeTerminal(int terminalPid, OptionalLong x11WindowId) implements TerminalWindow {
        @Override
        public String layer() {
            return "kitty";
        }

        @Override
        public String where() {
            return "kitty (test)";
        }

        @Override
        public Object toJson() {
            return Map.of("terminal_pid", terminalPid);
        }
    }

    static Agent agent(int pid, Map<String, String> hints, Location... locations) {
        return new Agent(pid, "sess-" + pid, "test", null, null, null, "/tmp", null, AgentState.IDLE, 0L, null, 0L,
                "2.1.330", hints, List.of(locations));
    }

    static LocateContext ctx(Map<String, String> env, List<String> notes) {
        return new LocateContext(ProcSnapshot.read(Path.of("/proc")), env, Map.of(),
                Exec.withTimeout(Duration.ofSeconds(3)), w -> notes.add("warn: " + w), v -> notes.add(v));
    }

    static FocusContext focusCtx(List<String> notes) {
        return new FocusContext(ProcSnapshot.read(Path.of("/proc")), Map.of(), Exec.withTimeout(Duration.ofSeconds(3)),
                notes::add, Map.of());
    }

    static WmLocation wm(Agent a) {
        return a.location(WmLocation.class).orElse(null);
    }

    /** The first child of {@code pid} (the program a terminal runs), waiting briefly for it to exist. */
    static int childOf(long pid) {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            var kids = ProcessHandle.of(pid).map(h -> h.children().toList()).orElse(List.of());
            if (!kids.isEmpty()) return (int) kids.get(0).pid();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new IllegalStateException("process " + pid + " has no child");
    }

    /** kitty's OS window id as kitty itself reports it ({@code kitty @ ls}: test-only, the product never runs it). */
    @SuppressWarnings("unchecked")
    static long kittyPlatformWindowId(String listenOn) {
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(10)).run(List.of("kitty", "@", "--to", listenOn, "ls"));
        if (!r.ok()) throw new IllegalStateException("kitty @ ls failed: " + r.firstErrorLine());
        List<Object> osWindows = (List<Object>) Json.parse(r.out());
        return Json.lng((Map<String, Object>) osWindows.get(0), "platform_window_id", -1);
    }

    static List<String> notes() {
        return new ArrayList<>();
    }
}
