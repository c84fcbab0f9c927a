package dev.fleet.i3;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.TerminalWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the window managers' IPC sockets, most trusted first: fleet's own {@code $SWAYSOCK} /
 * {@code $I3SOCK}; the same variables in the agents' hints (their environ, merged by the tmux locator with
 * the environ of the tmux client that shows them); the environ of their terminal processes; and only
 * when all that found nothing, {@code i3 --get-socketpath} (sway's own only echoes the variables).
 * Sockets that do not exist are dropped (an agent started under an earlier session keeps a stale path).
 */
public final class WmSockets {
    static final Set<String> VARS = Set.of("SWAYSOCK", "I3SOCK", "DISPLAY");

    private WmSockets() {}

    public static List<WmSocket> discover(LocateContext ctx, List<Agent> agents) {
        Map<Path, WmSocket> found = new LinkedHashMap<>();
        addVars(found, ctx.env(), "env");
        for (Agent a : agents) addVars(found, a.hints(), "agent " + a.pid() + " hint");
        for (Agent a : agents) {
            a.location(TerminalWindow.class).ifPresent(t -> {
                int pid = t.terminalPid();
                if (pid > 0) addVars(found, ctx.proc().environ(pid, VARS), "terminal " + pid + " environ");
            });
        }
        if (found.isEmpty()) askWindowManagers(ctx, agents, found);
        return new ArrayList<>(found.values());
    }

    /** SWAYSOCK first: sway also sets I3SOCK to the same path, and SWAYSOCK settles the kind. */
    private static void addVars(Map<Path, WmSocket> found, Map<String, String> vars, String source) {
        add(found, vars.get("SWAYSOCK"), WmKind.SWAY, source + " SWAYSOCK");
        add(found, vars.get("I3SOCK"), null, source + " I3SOCK");
    }

    private static void add(Map<Path, WmSocket> found, String value, WmKind kind, String source) {
        if (value == null || value.isBlank()) return;
        Path p;
        try {
            p = Path.of(value.strip()).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return;
        }
        if (!Files.exists(p)) return;
        WmSocket old = found.get(p);
        if (old == null) found.put(p, new WmSocket(p, kind, source));
        else if (old.kind() == null && kind != null) found.put(p, new WmSocket(p, kind, old.source()));
    }

    private static void askWindowManagers(LocateContext ctx, List<Agent> agents, Map<Path, WmSocket> found) {
        // i3 reads the socket path from the X root window, so it needs a DISPLAY.
        String display = ctx.env("DISPLAY");
        for (Agent a : agents) {
            if (display != null) break;
            display = a.hints().get("DISPLAY");
        }
        if (display != null && Exec.onPath("i3")) {
            ask(ctx, List.of("i3", "--get-socketpath"), Map.of("DISPLAY", display), null, found);
        }
        // No `sway --get-socketpath`: it only echoes SWAYSOCK / I3SOCK, which were read above already.
    }

    private static void ask(LocateContext ctx, List<String> argv, Map<String, String> env, WmKind kind,
            Map<Path, WmSocket> found) {
        try {
            Exec.Result r = ctx.exec().run(argv, env, null);
            if (r.ok()) add(found, r.out().strip(), kind, String.join(" ", argv));
            else ctx.verbose().accept("wm: " + argv.get(0) + " --get-socketpath: " + r.firstErrorLine());
        } catch (ExecException e) {
            ctx.verbose().accept("wm: " + e.getMessage());
        }
    }
}
