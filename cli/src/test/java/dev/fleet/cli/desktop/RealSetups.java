package dev.fleet.cli.desktop;

import java.util.List;

/**
 * The real setups of {@link RealSetupsIT}, as data: tmux servers (-L, -S, the default socket) ×
 * clients per server (0, 1, 2, same or different sessions) × grouped or plain sessions × zoomed
 * windows × detached agents × kitty OS windows and tabs × i3 workspaces, and sway.
 *
 * <p>Places are short strings: an agent lives at {@code server/session/window} (a new pane; {@code +}
 * splits it into that window) or directly in a terminal, {@code term:<id>}. A terminal shows
 * {@code server/session} (a tmux client), {@code agent} (an agent runs directly in it) or
 * {@code shell} (nothing of interest). Before each command the {@code before} steps put something
 * else in front: {@code workspace N}, {@code select server/session/window}, {@code zoom <agent>}
 * (zoom that agent's pane), {@code tab <term>} (make that kitty window/tab the active one),
 * {@code type <term>} (a key into that terminal: its tmux client becomes the one used last),
 * {@code focus <term>} (the window manager focuses that terminal).
 */
final class RealSetups {
    private RealSetups() {}

    enum Wm { I3, SWAY }

    /** How a tmux server is named: {@code -L name}, {@code -S path}, or tmux's default socket. */
    enum Sock { NAMED, PATH, DEFAULT }

    record Server(String id, Sock sock) {}

    /** A session in the group of {@code of} ({@code new-session -t of}). */
    record Group(String server, String name, String of) {}

    /**
     * A terminal: {@code kind} is {@code os} (a new kitty), {@code os2:<term>} (another OS window of
     * that kitty), {@code tab:<term>} (a tab of that kitty's OS window) or {@code foot} (sway).
     */
    record Term(String id, String kind, int workspace, String shows) {}

    /** {@code waiting} > 0 waits, the larger the longer; 0 is idle. */
    record Agent(String name, String place, int waiting) {}

    /**
     * What a command must do: show {@code agent} in terminal {@code term} with exit {@code exit}
     * ({@code term} null: nothing on screen changes). {@code knownBug} names an open issue that makes
     * the case fail until its fix is merged.
     */
    record Expect(String agent, String term, int exit) {}

    record RealSetup(String name, Wm wm, List<Server> servers, List<Group> groups, List<Term> terms,
            List<Agent> agents, List<String> before, Expect switchTo, Expect next, boolean workspaceWindow) {
        @Override
        public String toString() {
            return name;
        }

        boolean twoClientsOnAServer() {
            for (Server s : servers) {
                long n = terms.stream().filter(t -> t.shows().startsWith(s.id() + "/")).count();
                if (n >= 2) return true;
            }
            return false;
        }
    }

    private static Server named(String id) {
        return new Server(id, Sock.NAMED);
    }

    private static Server path(String id) {
        return new Server(id, Sock.PATH);
    }

    private static Server dflt(String id) {
        return new Server(id, Sock.DEFAULT);
    }

    private static Term kitty(String id, int ws, String shows) {
        return new Term(id, "os", ws, shows);
    }

    private static Term tab(String id, String of, String shows) {
        return new Term(id, "tab:" + of, 0, shows);
    }

    private static Agent ag(String name, String place) {
        return new Agent(name, place, 0);
    }

    private static Agent waiting(String name, String place, int rank) {
        return new Agent(name, place, rank);
    }

    static List<RealSetup> all() {
        return List.of(
                new RealSetup("-L, one client, agent in the other window", Wm.I3, List.of(named("L")), List.of(),
                        List.of(kitty("K1", 1, "L/main")),
                        List.of(waiting("aspen", "L/main/0", 1), ag("birch", "L/main/1")),
                        List.of("workspace 9", "select L/main/0"),
                        new Expect("birch", "K1", 0), new Expect("aspen", "K1", 0), true),

                new RealSetup("-S, split window, the other pane zoomed", Wm.I3, List.of(path("S")), List.of(),
                        List.of(kitty("K1", 2, "S/work")),
                        List.of(ag("cedar", "S/work/0"), ag("dogwood", "S/work/0+")),
                        List.of("workspace 9", "zoom cedar"),
                        new Expect("dogwood", "K1", 0), null, false),

                new RealSetup("default socket, client in a second kitty tab", Wm.I3, List.of(dflt("D")), List.of(),
                        List.of(kitty("K1", 1, "shell"), tab("T2", "K1", "D/dev")),
                        List.of(waiting("elm", "D/dev/0", 1)),
                        List.of("tab K1", "workspace 9"),
                        new Expect("elm", "T2", 0), new Expect("elm", "T2", 0), false),

                new RealSetup("detached agent, no client on its server", Wm.I3, List.of(named("L")), List.of(),
                        List.of(kitty("K1", 1, "shell")),
                        List.of(waiting("fir", "L/solo/0", 1)),
                        List.of("workspace 9"),
                        new Expect("fir", null, 3), new Expect("fir", null, 3), false),

                new RealSetup("detached agent beside a user's client on the same server", Wm.I3, List.of(named("L")),
                        List.of(), List.of(kitty("K1", 1, "L/main")),
                        List.of(ag("ginkgo", "L/main/0"), waiting("hazel", "L/lone/0", 1)),
                        List.of("workspace 9"),
                        new Expect("hazel", "K1", 0), new Expect("hazel", "K1", 0), true),

                new RealSetup("two clients on one session, two workspaces, the second used last", Wm.I3,
                        List.of(named("L")), List.of(),
                        List.of(kitty("K1", 1, "L/main"), kitty("K2", 2, "L/main")),
                        List.of(ag("holly", "L/main/0"), waiting("ivy", "L/main/1", 1)),
                        List.of("type K2", "workspace 9", "select L/main/0"),
                        new Expect("ivy", "K2", 0), new Expect("ivy", "K2", 0), false),

                new RealSetup("two clients on two sessions, one in a tab (issue 8.2)", Wm.I3, List.of(named("L")),
                        List.of(),
                        List.of(kitty("K1", 1, "L/main"), kitty("K2", 2, "shell"), tab("T2", "K2", "L/qa")),
                        List.of(ag("juniper", "L/main/0"), ag("kapok", "L/main/1"), waiting("larch", "L/qa/0", 1)),
                        List.of("tab K2", "select L/main/0", "workspace 9"),
                        new Expect("kapok", "K1", 0), new Expect("larch", "T2", 0), false),

                new RealSetup("grouped sessions, a client on each", Wm.I3, List.of(named("L")),
                        List.of(new Group("L", "view", "main")),
                        List.of(kitty("K1", 1, "L/main"), kitty("K2", 2, "L/view")),
                        List.of(ag("linden", "L/main/0"), waiting("maple", "L/main/1", 1)),
                        List.of("type K2", "workspace 9"),
                        new Expect("maple", "K2", 0), new Expect("maple", "K2", 0), false),

                new RealSetup("-L and -S servers, a client each on two workspaces", Wm.I3,
                        List.of(named("L"), path("S")), List.of(),
                        List.of(kitty("K1", 1, "L/alpha"), kitty("K2", 2, "S/beta")),
                        List.of(waiting("mulberry", "L/alpha/0", 2), waiting("oak", "S/beta/0", 1)),
                        List.of("workspace 1"),
                        new Expect("oak", "K2", 0), new Expect("mulberry", "K1", 0), true),

                new RealSetup("agent directly in a kitty tab beside a tmux tab", Wm.I3, List.of(named("L")), List.of(),
                        List.of(kitty("K1", 1, "L/main"), tab("T2", "K1", "agent")),
                        List.of(waiting("palm", "L/main/0", 1), ag("quince", "term:T2")),
                        List.of("tab K1", "workspace 9"),
                        new Expect("quince", "T2", 0), new Expect("palm", "K1", 0), false),

                new RealSetup("second OS window of one kitty, other session", Wm.I3, List.of(path("S")), List.of(),
                        List.of(kitty("K1", 1, "S/main"), new Term("K1b", "os2:K1", 3, "S/side")),
                        List.of(ag("redwood", "S/main/0"), waiting("spruce", "S/side/0", 1)),
                        List.of("workspace 9"),
                        new Expect("spruce", "K1b", 0), new Expect("spruce", "K1b", 0), false),

                new RealSetup("default socket, zoomed window that is not current", Wm.I3, List.of(dflt("D")), List.of(),
                        List.of(kitty("K1", 2, "D/main")),
                        List.of(ag("sumac", "D/main/0"), ag("tamarack", "D/main/1"), waiting("tupelo", "D/main/1+", 1)),
                        List.of("select D/main/0", "zoom tamarack", "workspace 9"),
                        new Expect("tupelo", "K1", 0), new Expect("tupelo", "K1", 0), true),

                new RealSetup("four panes in one window, next picks the longest waiting", Wm.I3, List.of(path("S")),
                        List.of(), List.of(kitty("K1", 4, "S/main")),
                        List.of(waiting("walnut", "S/main/0", 1), ag("willow", "S/main/0+"),
                                waiting("yew", "S/main/0+", 3), waiting("zelkova", "S/main/0+", 2)),
                        List.of("workspace 9"),
                        new Expect("willow", "K1", 0), new Expect("yew", "K1", 0), false),

                new RealSetup("sway: agents directly in foot windows on two workspaces", Wm.SWAY, List.of(), List.of(),
                        List.of(new Term("F1", "foot", 1, "agent"), new Term("F2", "foot", 2, "agent")),
                        List.of(waiting("acacia", "term:F1", 1), ag("baobab", "term:F2")),
                        List.of("workspace 3"),
                        new Expect("baobab", "F2", 0), new Expect("acacia", "F1", 0), false),

                new RealSetup("sway: two foot windows on one workspace, a third on another", Wm.SWAY, List.of(), List.of(),
                        List.of(new Term("F1", "foot", 1, "agent"), new Term("F2", "foot", 1, "agent"),
                                new Term("F3", "foot", 2, "agent")),
                        List.of(ag("cypress", "term:F1"), waiting("date", "term:F2", 1), waiting("ebony", "term:F3", 2)),
                        List.of("workspace 1", "focus F2", "workspace 3"),
                        new Expect("cypress", "F1", 0), new Expect("ebony", "F3", 0), false));
    }
}
