package dev.fleet.kitty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.json.Json;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.kitty.testing.Agents;
import dev.fleet.kitty.testing.KittyDesktop;
import dev.fleet.kitty.testing.KittyDesktop.Kitty;
import dev.fleet.testkit.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real kitty under Xvfb: one kitty on a socket file with two OS windows, a second tab and a split
 * window; one on an abstract name; the tree built with our own {@code launch}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KittyDesktopTest {
    private static final String MARKER = "fleet-marker-" + Long.toHexString(System.nanoTime());

    KittyDesktop desktop;
    Kitty kitty;
    KittyClient client;
    long tabA, tabB, tabC, osA, osB;
    long w1, w2, w3, w4;
    int sleepInW3, sleepInW4;

    @BeforeAll
    void start() throws Exception {
        desktop = KittyDesktop.start();
        try {
            String listen = "unix:" + desktop.dir().resolve("k.sock");
            // Window 1 prints a marker and then is the sleep itself (exec): the window's own pid.
            kitty = desktop.kitty("socket-only", listen,
                    List.of("sh", "-c", "echo " + MARKER + "; exec sleep 600")).awaitRemote();
            client = kitty.client();
            w1 = only(client.ls()).tabs().get(0).windows().get(0).id();
            // Windows 2 and 3 run the sleep as a child of sh: found through its ancestry.
            w2 = client.launch(KittyLaunch.of("tab", List.of("sh", "-c", "sleep 600 & wait")).withTitle("tab-b"));
            long tabOfW2 = hit(w2).tab().id();
            w3 = client.launch(KittyLaunch.of("window", List.of("sh", "-c", "sleep 601 & wait"))
                    .inTab("id:" + tabOfW2, "vsplit").withTitle("split"));
            w4 = client.launch(KittyLaunch.of("os-window", List.of("sh", "-c", "sleep 602 & wait")).withTitle("second-os"));
            osA = hit(w1).os().id();
            osB = hit(w4).os().id();
            tabA = hit(w1).tab().id();
            tabB = hit(w2).tab().id();
            tabC = hit(w4).tab().id();
            sleepInW3 = childSleep(hit(w3).window().pid());
            sleepInW4 = childSleep(hit(w4).window().pid());
            // the desktop is ready when kitty reports every window's processes (a fresh kitty fills
            // them in a moment after launch; the first test must not race that)
            KittyDesktop.awaitTrue("kitty to report each window's foreground processes", () -> {
                for (KittyOsWindow o : client.ls())
                    for (KittyTab t : o.tabs()) for (KittyWindow w : t.windows()) if (w.foregroundPids().isEmpty()) return false;
                return true;
            });
        } catch (Throwable t) {
            desktop.close();
            throw t;
        }
    }

    @AfterAll
    void stop() {
        if (desktop != null) desktop.close();
    }

    record Hit(KittyOsWindow os, KittyTab tab, KittyWindow window) {}

    Hit hit(long windowId) {
        for (KittyOsWindow o : client.ls())
            for (KittyTab t : o.tabs())
                for (KittyWindow w : t.windows()) if (w.id() == windowId) return new Hit(o, t, w);
        throw new AssertionError("window " + windowId + " not in ls");
    }

    /** kitty's own answer, {@code kitty @ --to <socket> ls}: focus checks must not trust fleet's KittyClient. */
    record Seen(SeenOs os, SeenTab tab, SeenWindow window) {}

    record SeenOs(long id, Long platformWindowId, boolean focused) {}

    record SeenTab(long id, boolean active) {}

    record SeenWindow(long id, int pid, boolean active) {}

    @SuppressWarnings("unchecked")
    Seen seen(long windowId) {
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(10)).run(List.of("kitty", "@", "--to", kitty.listenOn(), "ls"));
        assertTrue(r.ok(), "kitty @ ls: " + r.err());
        for (Object o : (List<Object>) Json.parse(r.out())) {
            Map<String, Object> os = (Map<String, Object>) o;
            for (Object t : Json.arr(os, "tabs")) {
                Map<String, Object> tab = (Map<String, Object>) t;
                for (Object w : Json.arr(tab, "windows")) {
                    Map<String, Object> win = (Map<String, Object>) w;
                    if (Json.lng(win, "id", -1) != windowId) continue;
                    long pw = Json.lng(os, "platform_window_id", -1);
                    // kitty 0.26 says is_focused for the active tab/window of an OS window; newer ones is_active
                    return new Seen(new SeenOs(Json.lng(os, "id", -1), pw > 0 ? pw : null, Json.bool(os, "is_focused", false)),
                            new SeenTab(Json.lng(tab, "id", -1), Json.bool(tab, "is_active", Json.bool(tab, "is_focused", false))),
                            new SeenWindow(windowId, (int) Json.lng(win, "pid", -1),
                                    Json.bool(win, "is_active", Json.bool(win, "is_focused", false))));
                }
            }
        }
        throw new AssertionError("window " + windowId + " not in kitty @ ls: " + r.out());
    }

    static KittyOsWindow only(List<KittyOsWindow> l) {
        assertEquals(1, l.size(), "OS windows: " + l);
        return l.get(0);
    }

    static int childSleep(int parent) {
        int[] found = {0};
        KittyDesktop.awaitTrue("a sleep under " + parent, () -> {
            ProcSnapshot p = Agents.proc();
            for (int c : p.children(parent)) {
                if (p.get(c).map(i -> i.comm().equals("sleep")).orElse(false)) found[0] = c;
            }
            return found[0] > 0;
        });
        return found[0];
    }

    @Test
    void lsReturnsTheTree() {
        List<KittyOsWindow> tree = client.ls();
        assertEquals(2, tree.size(), "two OS windows");
        KittyOsWindow a = tree.stream().filter(o -> o.id() == osA).findFirst().orElseThrow();
        assertEquals(List.of(tabA, tabB), a.tabs().stream().map(KittyTab::id).toList());
        assertEquals(List.of(0, 1), a.tabs().stream().map(KittyTab::index).toList());
        assertEquals(List.of(w2, w3), a.tabs().get(1).windows().stream().map(KittyWindow::id).toList(),
                "the split: two windows in the second tab");
        assertEquals("split", hit(w3).window().title());
        List<String> cmd = hit(w3).window().cmdline();
        assertTrue(cmd.get(0).endsWith("sh"), "argv0 " + cmd);
        assertEquals(List.of("-c", "sleep 601 & wait"), cmd.subList(1, cmd.size()));
        assertTrue(hit(w3).window().foregroundPids().contains(sleepInW3), "foreground processes include the sleep");
        for (KittyOsWindow o : tree) assertNotNull(o.platformWindowId(), "X11 window id of OS window " + o.id());
    }

    /**
     * One client is shared by the daemon's threads (a send beside a focus or a listing): a {@code tell}, which
     * reads no answer, must never make a {@code call} on another thread skip reading kitty's answer.
     */
    @Test
    void oneClientServesATellAndACallAtOnce() throws Exception {
        Map<String, Object> nothing = new java.util.LinkedHashMap<>();
        nothing.put("match", "id:999999"); // no such window: kitty types nothing anywhere
        nothing.put("data", "text:");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> told = new java.util.concurrent.atomic.AtomicReference<>();
        Thread teller = new Thread(() -> {
            try {
                while (!done.get()) {
                    client.tell("send-text", nothing);
                    Thread.sleep(2); // a user's pace at most; kitty drops connections when flooded
                }
            } catch (RuntimeException e) {
                told.set(e);
            } catch (InterruptedException e) {
                // done
            }
        });
        teller.start();
        try {
            for (int i = 0; i < 200; i++) assertEquals(2, client.ls().size(), "ls " + i + " while another thread tells");
        } finally {
            done.set(true);
            teller.join(5000);
        }
        if (told.get() != null) throw told.get();
    }

    @Test
    void locatorPutsEachProcessInItsWindow() {
        List<String> warnings = Agents.list(), notes = Agents.list();
        Agent inW1 = Agents.of(hit(w1).window().pid());
        Agent inW3 = Agents.of(sleepInW3);
        Agent inW4 = Agents.of(sleepInW4);
        assertEquals(kitty.listenOn(), inW3.hints().get("KITTY_LISTEN_ON"), "kitty exports its address to children");

        List<Agent> out = new KittyLocator().locate(Agents.locate(warnings, notes), List.of(inW1, inW3, inW4));
        assertEquals(List.of(), warnings);

        KittyWindowLocation l1 = loc(out.get(0)), l3 = loc(out.get(1)), l4 = loc(out.get(2));
        assertEquals("kitty " + osA + "/" + tabA + "/" + w1, l1.where());
        assertEquals("kitty " + osA + "/" + tabB + "/" + w3, l3.where());
        assertEquals("kitty " + osB + "/" + tabC + "/" + w4, l4.where());
        assertEquals(1, l3.tabIndex());
        assertEquals("split", l3.windowTitle());
        for (KittyWindowLocation l : List.of(l1, l3, l4)) {
            assertTrue(l.remote());
            assertEquals(kitty.pid(), l.terminalPid(), "the kitty process owns the OS window");
            assertEquals(kitty.listenOn(), l.listenOn());
        }
        assertTrue(l3.hostsPid(sleepInW3));
        assertEquals(hit(w3).os().platformWindowId(), l3.x11WindowId().getAsLong());
        Map<?, ?> json = (Map<?, ?>) l3.toJson();
        assertEquals(w3, json.get("window_id"));
        assertEquals(tabB, json.get("tab_id"));
        assertEquals(osA, json.get("os_window_id"));
    }

    @Test
    void platformWindowIdIsTheX11WindowOfTheKittyProcess() {
        Require.tool("xprop");
        KittyWindowLocation l = loc(new KittyLocator().locate(Agents.locate(Agents.list(), Agents.list()),
                List.of(Agents.of(sleepInW4))).get(0));
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("xprop", "-display", desktop.display(),
                "-id", Long.toString(l.x11WindowId().getAsLong()), "_NET_WM_PID"));
        assertTrue(r.ok(), r.err());
        assertEquals("_NET_WM_PID(CARDINAL) = " + kitty.pid(), r.out().strip());
    }

    @Test
    void locatorFollowsTheTmuxClientNotAStaleHint() throws Exception {
        // An agent outside kitty (as in a tmux server) whose own environ names another kitty, shown by a
        // client process that runs in window 4: the client's window wins.
        Process outside = new ProcessBuilder("sleep", "600").start();
        try {
            Map<String, String> staleHints = Map.of("KITTY_LISTEN_ON", "unix:@fleet-no-such-kitty-" + System.nanoTime(),
                    "KITTY_PID", "1", "KITTY_WINDOW_ID", "1");
            Agent a = Agents.of((int) outside.pid(), staleHints, List.of(new Agents.HostLocation(List.of(sleepInW4))));
            List<String> notes = Agents.list();
            Agent located = new KittyLocator().locate(Agents.locate(Agents.list(), notes), List.of(a)).get(0);
            KittyWindowLocation l = loc(located);
            assertEquals("kitty " + osB + "/" + tabC + "/" + w4, l.where());
            assertTrue(l.hostsPid(sleepInW4), "the client is hosted in the window");
            assertFalse(l.hostsPid((int) outside.pid()));
            assertTrue(notes.stream().anyMatch(n -> n.contains("nothing listens")), "stale address noted: " + notes);
        } finally {
            outside.destroyForcibly();
        }
    }

    @Test
    void focusWindowSelectsTabWindowAndOsWindow() {
        Require.tool("xdotool");
        // Start from window 4 focused: window 1 is then in the non-focused OS window, in a background tab.
        // The precondition is set through X itself: with no window manager, which OS window holds the
        // input focus after kitty's own requests depends on timing (seen once in CI).
        client.focusWindow(w3);
        client.focusWindow(w4);
        KittyDesktop.awaitTrue("OS window " + osB + " focused", () -> {
            if (seen(w4).os().focused()) return true;
            xSetFocus(seen(w4).os().platformWindowId());
            return false;
        });
        Seen before = seen(w1);
        assertFalse(before.tab().active(), "tab A is in the background");
        assertFalse(before.os().focused(), "OS window A is not focused");
        assertEquals(seen(w4).os().platformWindowId(), xFocus(), "X input focus on OS window B");

        Agent agent = new KittyLocator().locate(Agents.locate(Agents.list(), Agents.list()),
                List.of(Agents.of(before.window().pid()))).get(0);
        assertFalse(loc(agent).focused());
        List<String> notes = Agents.list();
        FocusPlan plan = new Layers(List.of(new KittyLayer())).planFocus(Agents.focus(notes), agent);
        assertEquals(1, plan.steps().size());
        FocusStep step = plan.steps().get(0);
        assertEquals("focus-window id:" + w1 + " (os window " + osA + ", tab " + tabA + ") on " + kitty.listenOn(),
                step.describe());
        plan.run(Agents.focus(notes));

        KittyDesktop.awaitTrue("OS window " + osA + " focused", () -> seen(w1).os().focused());
        Seen after = seen(w1);
        assertTrue(after.tab().active(), "tab A is the active tab");
        assertTrue(after.window().active(), "window 1 is the active window");
        assertTrue(after.os().focused(), "OS window A has focus");
        assertFalse(seen(w4).os().focused(), "OS window B lost focus");
        assertFalse(seen(w2).tab().active(), "tab B went to the background");
        // Without a window manager kitty's own focus request still moves X input focus (XSetInputFocus).
        assertEquals(after.os().platformWindowId(), xFocus(), "X input focus on OS window A");
        KittyWindowLocation relocated = loc(new KittyLocator().locate(Agents.locate(Agents.list(), Agents.list()),
                List.of(Agents.of(after.window().pid()))).get(0));
        assertTrue(relocated.focused() && relocated.tabActive() && relocated.osWindowFocused());
        // kitty 0.26 also calls the split's active window "focused" (active in a tab of the focused OS
        // window); the location must not.
        KittyWindowLocation split = loc(new KittyLocator().locate(Agents.locate(Agents.list(), Agents.list()),
                List.of(Agents.of(sleepInW3))).get(0));
        assertFalse(split.focused(), "a window in a background tab is not focused");
    }

    void xSetFocus(Long x11Window) {
        Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("xdotool", "windowfocus", "--sync", Long.toString(x11Window)),
                Map.of("DISPLAY", desktop.display()), null);
    }

    Long xFocus() {
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(5))
                .run(List.of("xdotool", "getwindowfocus"), Map.of("DISPLAY", desktop.display()), null);
        assertTrue(r.ok(), r.err());
        return Long.parseLong(r.out().strip());
    }

    @Test
    void getTextReturnsWhatTheWindowShows() {
        // window 1's shell prints the marker a moment after kitty starts it
        KittyDesktop.awaitTrue("window 1 to show the marker", () -> client.getText("id:" + w1, "screen").contains(MARKER));
        assertFalse(client.getText("id:" + w3, "screen").contains(MARKER), "window 3 did not print it");
    }

    @Test
    void launchOpensAnOsWindowAndCloseWindowClosesIt() {
        String title = "launched-" + System.nanoTime();
        long id = client.launch(KittyLaunch.of("os-window", List.of("sh", "-c", "exec sleep 603"))
                .withTitle(title).withCwd("/tmp"));
        try {
            Hit h = hit(id);
            assertEquals(title, h.window().title());
            // kitty reports the child's /proc cwd: right after the fork it is still kitty's own, then /tmp
            KittyDesktop.awaitTrue("the launched window's cwd to be /tmp", () -> "/tmp".equals(hit(id).window().cwd()));
            assertTrue(h.os().id() != osA && h.os().id() != osB, "a new OS window");
            assertEquals(3, client.ls().size());
        } finally {
            // a failed check must not leave a third OS window for the tests that count two
            client.closeWindow("id:" + id);
        }
        KittyDesktop.awaitTrue("the launched OS window to close", () -> client.ls().size() == 2);
        KittyException e = assertThrows(KittyException.class, () -> client.closeWindow("id:" + id));
        assertEquals(KittyException.Kind.COMMAND, e.kind());
        assertEquals("kitty: " + kitty.listenOn() + ": close-window: No matching windows for expression: id:" + id,
                e.getMessage());
    }

    @Test
    void abstractNamespaceAddress() throws Exception {
        String listen = "unix:@" + desktop.uniqueName("abstract");
        Kitty k2 = desktop.kitty("socket-only", listen, List.of("sh", "-c", "echo abstract-" + MARKER + "; exec sleep 600"))
                .awaitRemote();
        KittyClient c2 = k2.client();
        KittyOsWindow os = only(c2.ls());
        long t = System.nanoTime();
        int n = 50;
        for (int i = 0; i < n; i++) c2.ls();
        System.out.printf("kitty ls round trip over %s (junixsocket, 1 window): mean %.2f ms%n", listen,
                (System.nanoTime() - t) / 1e6 / n);
        KittyWindow w = os.tabs().get(0).windows().get(0);
        KittyDesktop.awaitTrue("the window's text over the abstract socket",
                () -> c2.getText("id:" + w.id(), "screen").contains("abstract-" + MARKER));

        Agent a = Agents.of(w.pid());
        assertEquals(listen, a.hints().get("KITTY_LISTEN_ON"));
        KittyWindowLocation l = loc(new KittyLocator().locate(Agents.locate(Agents.list(), Agents.list()), List.of(a)).get(0));
        assertEquals("kitty " + os.id() + "/" + os.tabs().get(0).id() + "/" + w.id(), l.where());
        assertEquals(k2.pid(), l.terminalPid());
        assertEquals(listen, l.listenOn());
    }

    @Test
    void tcpAddress() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String listen = "tcp:127.0.0.1:" + port;
        Kitty k3 = desktop.kitty("socket-only", listen, List.of("sh", "-c", "echo tcp-" + MARKER + "; exec sleep 600"))
                .awaitRemote();
        KittyOsWindow os = only(k3.client().ls());
        long id = os.tabs().get(0).windows().get(0).id();
        // the window's shell prints a moment after kitty answers: wait for it, over the TCP connection
        KittyDesktop.awaitTrue("the window's text over tcp", () -> k3.client().getText("id:" + id, "screen").contains("tcp-" + MARKER));
    }

    @Test
    void roundTripOfLsOverTheSocket() {
        int n = 200;
        for (int i = 0; i < 20; i++) client.ls(); // warm up (class loading, JIT)
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            client.ls();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        double median = ns[n / 2] / 1e6, p95 = ns[(int) (n * 0.95)] / 1e6;
        // A cold call: a new client object on a new connection is all a CLI invocation does.
        long t0 = System.nanoTime();
        KittyClient.of(kitty.listenOn()).ls();
        double cold = (System.nanoTime() - t0) / 1e6;
        System.out.printf("kitty ls round trip over %s (4 windows): median %.2f ms, p95 %.2f ms, one more %.2f ms%n",
                kitty.listenOn(), median, p95, cold);
        // the numbers above are the measurement (see bench/ for timing); the bound only catches a hang or a
        // per-call reconnect storm, with room for a loaded 2-core machine shared with other test runs
        assertTrue(median < 500, "ls median " + median + " ms");
    }

    static KittyWindowLocation loc(Agent a) {
        Optional<KittyWindowLocation> l = a.location(KittyWindowLocation.class);
        assertTrue(l.isPresent(), "no kitty location for agent " + a.pid());
        assertEquals("kitty", l.get().layer());
        return l.get();
    }

    static List<Long> ids(List<KittyOsWindow> tree) {
        List<Long> l = new ArrayList<>();
        for (KittyOsWindow o : tree) l.add(o.id());
        return l;
    }
}
