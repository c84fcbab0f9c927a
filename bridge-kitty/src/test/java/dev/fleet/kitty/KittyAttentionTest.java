package dev.fleet.kitty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Attention;
import dev.fleet.kitty.testing.Agents;
import dev.fleet.kitty.testing.KittyDesktop;
import dev.fleet.kitty.testing.KittyDesktop.Kitty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kitty mark on a real kitty under Xvfb, read back with kitty's own {@code kitty @ ls}: a waiting
 * agent's tab title gets the prefix, and afterwards is exactly what it was — the user's own title, or
 * again the live title of its window.
 */
class KittyAttentionTest {
    KittyDesktop desktop;

    @AfterEach
    void stop() {
        if (desktop != null) desktop.close();
    }

    /** The tab titles by tab id, as kitty itself reports them. */
    @SuppressWarnings("unchecked")
    static String tabTitle(Kitty kitty, long tabId) {
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(10)).run(List.of("kitty", "@", "--to", kitty.listenOn(), "ls"));
        assertTrue(r.ok(), "kitty @ ls: " + r.err());
        for (Object o : (List<Object>) Json.parse(r.out())) {
            for (Object t : Json.arr((Map<String, Object>) o, "tabs")) {
                Map<String, Object> tab = (Map<String, Object>) t;
                if (Json.lng(tab, "id", -1) == tabId) return Json.str(tab, "title");
            }
        }
        throw new AssertionError("tab " + tabId + " not in kitty @ ls: " + r.out());
    }

    static Agent in(Agent located, AgentState s) {
        return new Agent(located.pid(), located.sessionId(), null, null, null, null, "/tmp", null, s, 0L, null, 0L,
                "2.1.330", located.hints(), located.locations());
    }

    static long tabOf(Agent a) {
        return a.location(KittyWindowLocation.class).orElseThrow(() -> new AssertionError("not located: " + a)).tabId();
    }

    /** A kitty with a stand-in agent in each tab: its remote-control client, the first tab's window id, the agents located. */
    record Tabs(Kitty kitty, KittyClient client, long firstWindow, List<Agent> agents) {}

    /**
     * A real kitty whose tabs each run a stand-in agent, its window titled {@code titles[i]} (the first tab's
     * window by set-window-title, so the tab follows its live title), located by the kitty layer.
     */
    Tabs tabs(String socket, String... titles) throws Exception {
        desktop = KittyDesktop.start();
        Kitty kitty = desktop.kitty("socket-only", "unix:" + desktop.dir().resolve(socket), List.of("sh", "-c", "exec sleep 600")).awaitRemote();
        KittyClient client = kitty.client();
        List<Long> ids = new java.util.ArrayList<>(List.of(client.ls().get(0).tabs().get(0).windows().get(0).id()));
        client.call("set-window-title", Map.of("title", titles[0], "match", "id:" + ids.get(0)));
        for (int i = 1; i < titles.length; i++)
            ids.add(client.launch(KittyLaunch.of("tab", List.of("sh", "-c", "exec sleep " + (600 + i))).withTitle(titles[i])));
        int[] pids = new int[titles.length];
        for (KittyOsWindow os : client.ls())
            for (KittyTab t : os.tabs())
                for (KittyWindow w : t.windows()) if (ids.contains(w.id())) pids[ids.indexOf(w.id())] = w.pid();
        List<Agent> agents = new java.util.ArrayList<>();
        for (int pid : pids) agents.add(Agents.of(pid));
        return new Tabs(kitty, client, ids.get(0), new KittyLocator().locate(Agents.locate(Agents.list(), Agents.list()), agents));
    }

    @Test
    void aWaitingAgentsTabIsPrefixedAndRestoredExactly() throws Exception {
        Tabs tabs = tabs("k.sock", "agent-one", "agent-two");
        Kitty kitty = tabs.kitty();
        KittyClient client = tabs.client();
        long w1 = tabs.firstWindow();
        Agent one = tabs.agents().get(0), two = tabs.agents().get(1);
        long tab1 = tabOf(one), tab2 = tabOf(two);
        // the second tab carries the user's own title; the first follows its window's
        client.call("set-tab-title", Map.of("title", "my tab", "match", "id:" + tab2));
        KittyDesktop.awaitTrue("the first tab shows its window's title", () -> "agent-one".equals(tabTitle(kitty, tab1)));
        assertEquals("my tab", tabTitle(kitty, tab2));

        Attention marks = new KittyLayer().attention().orElseThrow();
        List<String> notes = Agents.list();
        marks.show(Agents.focus(notes), List.of(in(one, AgentState.WAITING), in(two, AgentState.WAITING)));
        assertEquals("\u23f3 agent-one", tabTitle(kitty, tab1), notes.toString());
        assertEquals("\u23f3 my tab", tabTitle(kitty, tab2), notes.toString());

        // one stops waiting: its tab is back, the other keeps its mark
        marks.show(Agents.focus(notes), List.of(in(one, AgentState.BUSY), in(two, AgentState.WAITING)));
        assertEquals("agent-one", tabTitle(kitty, tab1));
        assertEquals("\u23f3 my tab", tabTitle(kitty, tab2));

        marks.clear(Agents.focus(notes));
        assertEquals("my tab", tabTitle(kitty, tab2), "the user's own title is back");
        // and the first tab follows its window's title again, as before the mark
        client.call("set-window-title", Map.of("title", "renamed", "match", "id:" + w1));
        KittyDesktop.awaitTrue("the first tab follows its window's title", () -> "renamed".equals(tabTitle(kitty, tab1)));
        assertTrue(notes.isEmpty(), notes.toString());
    }

    /**
     * A daemon killed with SIGKILL leaves its marks; the next one adopts them from the ledger: a tab still
     * waiting is marked once (not prefixed twice), a tab no longer waiting is back exactly — the user's
     * own title, or again its window's live title.
     */
    @Test
    void marksOfAKilledInstanceAreAdoptedAndTakenBackExactly() throws Exception {
        Tabs tabs = tabs("k2.sock", "agent-one", "agent-two", "agent-three");
        Kitty kitty = tabs.kitty();
        KittyClient client = tabs.client();
        long w1 = tabs.firstWindow();
        Agent one = tabs.agents().get(0), two = tabs.agents().get(1), three = tabs.agents().get(2);
        long tab1 = tabOf(one), tab2 = tabOf(two), tab3 = tabOf(three);
        client.call("set-tab-title", Map.of("title", "my tab", "match", "id:" + tab2));
        client.call("set-tab-title", Map.of("title", "kept", "match", "id:" + tab3));
        KittyDesktop.awaitTrue("the first tab shows its window's title", () -> "agent-one".equals(tabTitle(kitty, tab1)));

        List<String> notes = Agents.list();
        Attention killed = new KittyLayer().attention().orElseThrow();
        killed.show(Agents.focus(notes), List.of(in(one, AgentState.WAITING), in(two, AgentState.WAITING),
                in(three, AgentState.WAITING)));
        assertEquals("\u23f3 agent-one", tabTitle(kitty, tab1), notes.toString());
        // the ledger goes through JSON, as it does through the daemon's file
        List<Map<String, Object>> ledger = new java.util.ArrayList<>();
        for (Object o : (List<?>) Json.parse(Json.write(killed.ledger()))) {
            @SuppressWarnings("unchecked") Map<String, Object> e = (Map<String, Object>) o;
            ledger.add(e);
        }
        // the first instance is never told anything again (its daemon was killed); the next one adopts
        Attention next = new KittyLayer().attention().orElseThrow();
        next.adopt(ledger);
        next.show(Agents.focus(notes), List.of(in(one, AgentState.IDLE), in(two, AgentState.BUSY), in(three, AgentState.WAITING)));
        assertEquals("agent-one", tabTitle(kitty, tab1), "no longer waiting, live title again");
        assertEquals("my tab", tabTitle(kitty, tab2), "no longer waiting, the user's own title");
        assertEquals("\u23f3 kept", tabTitle(kitty, tab3), "still waiting: marked once");
        next.clear(Agents.focus(notes));
        assertEquals("kept", tabTitle(kitty, tab3));
        client.call("set-window-title", Map.of("title", "renamed", "match", "id:" + w1));
        KittyDesktop.awaitTrue("the first tab follows its window's title", () -> "renamed".equals(tabTitle(kitty, tab1)));
        assertTrue(notes.isEmpty(), notes.toString());
    }
}
