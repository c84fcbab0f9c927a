package dev.fleet.i3;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Location;
import dev.fleet.core.locate.TerminalWindow;
import dev.fleet.core.proc.ProcInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the i3/sway container of each agent's terminal window, with one GET_TREE per window manager per
 * call. Evidence, strongest first:
 * <ol>
 * <li>an X11 window id: the terminal bridge's {@link TerminalWindow#x11WindowId()}, else {@code WINDOWID}
 *     (from the tmux clients' environ when the agent sits in tmux, since the agent's own copy is the one the
 *     tmux server was started with), matched against the tree's {@code window};</li>
 * <li>on sway, the tree's {@code pid}, matched against the terminal's pid or the ancestry of the agent
 *     (or of the tmux clients showing it);</li>
 * <li>on i3, the window whose {@code _NET_WM_PID} is the terminal process (xdotool), tried for the
 *     terminal's pid or for the ancestors that could be a terminal.</li>
 * </ol>
 */
final class WmLocator {
    static final Duration IPC_TIMEOUT = Duration.ofSeconds(2);
    /** Ancestors that never own a window: asking X about them would only cost a process start each. */
    private static final Set<String> NOT_TERMINALS = Set.of("bash", "zsh", "sh", "dash", "fish", "ksh", "mksh",
            "tcsh", "csh", "nu", "xonsh", "tmux: server", "tmux: client", "tmux", "screen", "sudo", "su", "doas",
            "login", "sshd", "ssh", "systemd", "init", "i3", "sway", "claude", "node", "env", "setsid");
    private static final int MAX_TERMINAL_CANDIDATES = 6;

    List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        if (agents.isEmpty()) return agents;
        List<WmTree> trees = new ArrayList<>();
        for (WmSocket s : WmSockets.discover(ctx, agents)) {
            try (I3Ipc ipc = I3Ipc.connect(s.path(), IPC_TIMEOUT)) {
                WmKind kind = s.kind() != null ? s.kind() : WmKind.fromVersion(ipc.version());
                trees.add(WmTree.parse(kind, s.path(), ipc.tree()));
                ctx.verbose().accept("wm: " + kind.label() + " at " + s.path() + " (" + s.source() + ")");
            } catch (I3IpcException e) {
                // fleet's own variable pointing nowhere is worth a warning; an agent's stale one is not
                if (s.source().startsWith("env ")) ctx.warn().accept("wm: " + e.getMessage());
                else ctx.verbose().accept("wm: " + e.getMessage());
            }
        }
        if (trees.isEmpty()) return agents;
        XWindows xwindows = new XWindows(ctx.exec(), ctx.verbose());
        List<Agent> out = new ArrayList<>(agents.size());
        for (Agent a : agents) {
            Optional<WmLocation> loc = find(ctx, trees, xwindows, a);
            out.add(loc.isPresent() ? a.withLocation(loc.get()) : a);
        }
        return out;
    }

    private Optional<WmLocation> find(LocateContext ctx, List<WmTree> trees, XWindows xwindows, Agent a) {
        TerminalWindow term = a.location(TerminalWindow.class).orElse(null);
        List<Integer> hosts = hostPids(a);
        List<Integer> starts = hosts.isEmpty() ? List.of(a.pid()) : hosts;

        // 1. a window id
        Set<Long> ids = new LinkedHashSet<>();
        if (term != null) term.x11WindowId().ifPresent(ids::add);
        ids.addAll(windowIdHints(ctx, a, hosts));
        for (WmTree t : trees) {
            for (long id : ids) {
                WmWindow w = t.byX11(id);
                if (w != null) return Optional.of(WmLocation.of(t, w));
            }
        }

        // 2. sway: the tree names each window's process
        Set<Integer> pids = new LinkedHashSet<>();
        if (term != null && term.terminalPid() > 0) pids.add(term.terminalPid());
        for (int s : starts) pids.addAll(ctx.proc().ancestry(s));
        for (WmTree t : trees) {
            if (!t.hasPids()) continue;
            for (int p : pids) {
                List<WmWindow> ws = t.byPid(p);
                if (ws.isEmpty()) continue;
                if (ws.size() > 1) {
                    ctx.verbose().accept("wm: process " + p + " owns " + ws.size()
                            + " windows; agent " + a.pid() + " is placed in the first");
                }
                return Optional.of(WmLocation.of(t, ws.get(0)));
            }
        }

        // 3. i3: ask X which window a candidate terminal process owns
        List<Integer> candidates = term != null && term.terminalPid() > 0
                ? List.of(term.terminalPid())
                : terminalCandidates(ctx, a, starts);
        String display = display(ctx, a, hosts);
        for (WmTree t : trees) {
            if (t.kind() != WmKind.I3) continue;
            for (int p : candidates) {
                for (long id : xwindows.ofPid(display, p)) {
                    WmWindow w = t.byX11(id);
                    if (w != null) return Optional.of(WmLocation.of(t, w));
                }
            }
        }
        return Optional.empty();
    }

    /** The processes through which the terminal reaches the agent: tmux clients, innermost layer first. */
    private static List<Integer> hostPids(Agent a) {
        for (Location l : a.locations()) {
            if (!l.hostPids().isEmpty()) return l.hostPids();
        }
        return List.of();
    }

    private static List<Long> windowIdHints(LocateContext ctx, Agent a, List<Integer> hosts) {
        List<Long> ids = new ArrayList<>();
        if (!hosts.isEmpty()) {
            for (int h : hosts) parseId(ctx.proc().environ(h, Set.of("WINDOWID")).get("WINDOWID"), ids);
        } else {
            parseId(a.hints().get("WINDOWID"), ids);
        }
        return ids;
    }

    private static void parseId(String v, List<Long> into) {
        if (v == null || v.isBlank()) return;
        try {
            long id = v.strip().startsWith("0x") ? Long.parseLong(v.strip().substring(2), 16) : Long.parseLong(v.strip());
            if (id > 0) into.add(id);
        } catch (NumberFormatException e) {
            // not an id; other evidence may still place the agent
        }
    }

    /** Ancestors of the start processes (not themselves) that could own a window, innermost first. */
    private static List<Integer> terminalCandidates(LocateContext ctx, Agent a, List<Integer> starts) {
        Set<Integer> out = new LinkedHashSet<>();
        for (int s : starts) {
            List<Integer> chain = ctx.proc().ancestry(s);
            for (int i = 1; i < chain.size() && out.size() < MAX_TERMINAL_CANDIDATES; i++) {
                int p = chain.get(i);
                if (p <= 1 || p == a.pid()) continue;
                String comm = ctx.proc().get(p).map(ProcInfo::comm).orElse("");
                if (NOT_TERMINALS.contains(comm)) continue;
                out.add(p);
            }
        }
        return new ArrayList<>(out);
    }

    private static String display(LocateContext ctx, Agent a, List<Integer> hosts) {
        for (int h : hosts) {
            String d = ctx.proc().environ(h, Set.of("DISPLAY")).get("DISPLAY");
            if (d != null && !d.isBlank()) return d;
        }
        Map<String, String> hints = a.hints();
        String d = hints.get("DISPLAY");
        if (d != null && !d.isBlank()) return d;
        return ctx.env("DISPLAY");
    }
}
