package dev.fleet.kitty;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Location;
import dev.fleet.core.proc.ProcInfo;
import dev.fleet.core.proc.ProcSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the kitty window of each agent: one {@code ls} per kitty instance, then the window whose child
 * process, or one of whose foreground processes, is an ancestor of the agent (or of a tmux client
 * showing it). Part of {@link KittyLayer}.
 *
 * <p>The instance comes from {@code KITTY_LISTEN_ON}, read from the environ of the processes the inner
 * layer names (tmux clients: the tmux server's environment may still name the kitty it was started
 * from) and from the agent's hints. A kitty without remote control yields a location from
 * {@code KITTY_PID}/{@code KITTY_WINDOW_ID} alone, once {@code KITTY_PID} is confirmed an ancestor.
 */
final class KittyLocator {
    static final Set<String> KEYS = Set.of("KITTY_LISTEN_ON", "KITTY_PID", "KITTY_WINDOW_ID");

    private final Duration timeout;

    public KittyLocator() {
        this(KittyClient.DEFAULT_TIMEOUT);
    }

    public KittyLocator(Duration timeout) {
        this.timeout = timeout;
    }

    /** What one environment says about the kitty it runs in. */
    record Hint(String listenOn, int kittyPid, long windowId) {
        static Hint from(Map<String, String> env) {
            String l = blankToNull(env.get("KITTY_LISTEN_ON"));
            int pid = (int) parse(env.get("KITTY_PID"));
            long wid = parse(env.get("KITTY_WINDOW_ID"));
            return l == null && pid <= 0 ? null : new Hint(l, pid, wid);
        }
    }

    /** A window of an {@code ls} tree. */
    record Hit(KittyOsWindow os, KittyTab tab, KittyWindow window) {}

    /** One kitty instance's {@code ls}: its windows indexed by pid, or why it could not be had. */
    static final class Instance {
        final String listenOn;
        final Map<Integer, Hit> byPid = new HashMap<>();
        final Map<Long, Hit> byId = new HashMap<>();
        KittyException error;

        Instance(String listenOn) {
            this.listenOn = listenOn;
        }

        void index(List<KittyOsWindow> tree) {
            for (KittyOsWindow os : tree) {
                for (KittyTab t : os.tabs()) {
                    for (KittyWindow w : t.windows()) {
                        Hit h = new Hit(os, t, w);
                        byId.put(w.id(), h);
                        if (w.pid() > 0) byPid.put(w.pid(), h);
                    }
                }
            }
            // The window's own child wins over a foreground process seen in another window.
            for (KittyOsWindow os : tree) {
                for (KittyTab t : os.tabs()) {
                    for (KittyWindow w : t.windows()) {
                        for (int p : w.foregroundPids()) byPid.putIfAbsent(p, new Hit(os, t, w));
                    }
                }
            }
        }
    }

    public List<Agent> locate(LocateContext ctx, List<Agent> agents) {
        List<List<Integer>> starts = new ArrayList<>();
        List<List<Hint>> hints = new ArrayList<>();
        Map<String, Instance> instances = new LinkedHashMap<>();
        for (Agent a : agents) {
            List<Integer> s = starts(a);
            List<Hint> h = hints(ctx, a, s);
            starts.add(s);
            hints.add(h);
            for (Hint x : h) if (x.listenOn() != null) instances.computeIfAbsent(x.listenOn(), Instance::new);
        }
        if (instances.isEmpty() && hints.stream().allMatch(List::isEmpty)) return agents;

        for (Instance in : instances.values()) {
            try {
                in.index(new KittyClient(KittyAddress.parse(in.listenOn), timeout).ls());
            } catch (KittyException e) {
                in.error = e;
                if (e.unreachable()) ctx.verbose().accept(e.getMessage());
                else ctx.warn().accept(e.getMessage());
            }
        }

        List<Agent> out = new ArrayList<>(agents.size());
        for (int i = 0; i < agents.size(); i++) {
            Agent a = agents.get(i);
            Optional<KittyWindowLocation> loc = find(ctx.proc(), starts.get(i), hints.get(i), instances);
            out.add(loc.isPresent() ? a.withLocation(loc.get()) : a);
        }
        return out;
    }

    /** The processes a kitty window may hold, best first: the inner layer's hosts (tmux clients), then the agent. */
    static List<Integer> starts(Agent a) {
        Set<Integer> s = new LinkedHashSet<>();
        for (Location l : a.locations()) s.addAll(l.hostPids());
        s.add(a.pid());
        return new ArrayList<>(s);
    }

    /** KITTY_* of each host process (fresh, unlike a tmux server's), then the agent's hints. */
    static List<Hint> hints(LocateContext ctx, Agent a, List<Integer> starts) {
        Set<Hint> out = new LinkedHashSet<>();
        for (int s : starts) {
            if (s == a.pid()) continue;
            Hint h = Hint.from(ctx.proc().environ(s, KEYS));
            if (h != null) out.add(h);
        }
        Hint own = Hint.from(a.hints());
        if (own != null) out.add(own);
        return new ArrayList<>(out);
    }

    static Optional<KittyWindowLocation> find(ProcSnapshot proc, List<Integer> starts, List<Hint> hints,
            Map<String, Instance> instances) {
        Map<Integer, List<Integer>> chains = new LinkedHashMap<>();
        for (int s : starts) chains.put(s, proc.ancestry(s));

        // 1. a window of a reachable kitty whose child or foreground process is an ancestor
        for (Hint h : hints) {
            Instance in = h.listenOn() == null ? null : instances.get(h.listenOn());
            if (in == null || in.error != null) continue;
            for (List<Integer> chain : chains.values()) {
                for (int p : chain) {
                    Hit hit = in.byPid.get(p);
                    if (hit != null) return Optional.of(located(proc, in, hit, h, chains));
                }
            }
        }
        // 2. the window KITTY_WINDOW_ID names, in a reachable kitty that is an ancestor
        for (Hint h : hints) {
            Instance in = h.listenOn() == null ? null : instances.get(h.listenOn());
            if (in == null || in.error != null || h.windowId() <= 0) continue;
            Hit hit = in.byId.get(h.windowId());
            if (hit != null && !hostedBy(chains, h.kittyPid()).isEmpty()) {
                return Optional.of(located(proc, in, hit, h, chains));
            }
        }
        // 3. no remote control: what the environment says, once KITTY_PID proves to be an ancestor
        for (Hint h : hints) {
            if (h.kittyPid() <= 0) continue;
            Instance in = h.listenOn() == null ? null : instances.get(h.listenOn());
            if (in != null && in.error == null) continue; // reachable, yet the agent is not in it: a stale hint
            List<Integer> hosted = hostedBy(chains, h.kittyPid());
            if (hosted.isEmpty()) continue;
            String why = in == null ? null : in.error.getMessage();
            return Optional.of(KittyWindowLocation.withoutRemote(h.listenOn(), why, h.kittyPid(), h.windowId(), hosted));
        }
        return Optional.empty();
    }

    private static KittyWindowLocation located(ProcSnapshot proc, Instance in, Hit hit, Hint h,
            Map<Integer, List<Integer>> chains) {
        List<Integer> hosted = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : chains.entrySet()) {
            for (int p : e.getValue()) {
                Hit other = in.byPid.get(p);
                if (other != null && other.window().id() == hit.window().id()) {
                    hosted.add(e.getKey());
                    break;
                }
            }
        }
        int kittyPid = kittyOf(proc, hit.window().pid());
        if (kittyPid <= 0) kittyPid = h.kittyPid();
        return KittyWindowLocation.of(in.listenOn, kittyPid, hit.os(), hit.tab(), hit.window(), hosted);
    }

    /** The starts whose ancestry contains {@code pid}. */
    private static List<Integer> hostedBy(Map<Integer, List<Integer>> chains, int pid) {
        List<Integer> l = new ArrayList<>();
        if (pid <= 0) return l;
        for (Map.Entry<Integer, List<Integer>> e : chains.entrySet()) if (e.getValue().contains(pid)) l.add(e.getKey());
        return l;
    }

    /** The kitty process above a window's child: the outermost of the run of "kitty" parents. */
    static int kittyOf(ProcSnapshot proc, int windowPid) {
        List<Integer> chain = proc.ancestry(windowPid);
        int found = 0;
        for (int i = 1; i < chain.size(); i++) {
            Optional<ProcInfo> p = proc.get(chain.get(i));
            if (p.isPresent() && p.get().comm().startsWith("kitty")) found = p.get().pid();
            else break;
        }
        return found;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static long parse(String s) {
        if (s == null) return 0;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
