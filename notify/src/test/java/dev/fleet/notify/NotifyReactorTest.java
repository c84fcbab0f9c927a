package dev.fleet.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.locate.Location;
import dev.fleet.daemon.AgentChange;
import dev.fleet.daemon.Reactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reactor's rules: which change shows, replaces or closes which notification. */
class NotifyReactorTest {
    @TempDir
    Path tmp;
    final List<String> log = new ArrayList<>();
    final FakeNotifier server = new FakeNotifier();

    static Agent agent(int pid, AgentState s, Location... where) {
        return new Agent(pid, "s-" + pid, "agent" + pid, null, null, null, "/w/p" + pid, null, s, 1000, null, 1000, "2.1.330",
                Map.of(), List.of(where));
    }

    /** A location as a bridge's would serialize it. */
    record Loc(String layer, Map<String, Object> json) implements Location {
        @Override
        public String where() {
            return layer;
        }

        @Override
        public Map<String, Object> toJson() {
            return json;
        }
    }

    NotifyReactor start(String config, Agent... there) throws Exception {
        Path f = tmp.resolve("config");
        Files.writeString(f, config);
        NotifyReactor r = new NotifyReactor(ctx -> server);
        Reactor.Context ctx = new Reactor.Context(Map.of("HOME", "/w"), FleetConfig.read(f, log::add), log::add, List::of, a -> 0);
        assertTrue(r.start(ctx, List.of(there)));
        return r;
    }

    static AgentChange state(Agent a, AgentState from) {
        return new AgentChange(AgentChange.Kind.STATE, a, from, 0);
    }

    @Test
    void waitingShowsNameReasonAndFolderThenMovingOnCloses() throws Exception {
        NotifyReactor r = start("");
        r.changed(state(agent(1, AgentState.WAITING), AgentState.BUSY));
        assertEquals(1, server.open.size());
        Notifier.Note n = server.shown.get(0);
        assertEquals("agent1", n.summary());
        assertEquals("waiting for you\n~/p1", n.body());
        assertTrue(n.offerShow());
        r.changed(state(agent(1, AgentState.BUSY), AgentState.WAITING));
        assertEquals(0, server.open.size());
    }

    @Test
    void finishedIsOffByDefaultAndOnWhenAsked() throws Exception {
        NotifyReactor off = start("");
        off.changed(state(agent(1, AgentState.IDLE), AgentState.BUSY));
        assertEquals(0, server.shown.size());
        NotifyReactor on = start("notify.finished = on\n");
        on.changed(state(agent(2, AgentState.IDLE), AgentState.BUSY));
        assertEquals(1, server.open.size());
        assertTrue(server.shown.get(0).body().startsWith("finished its turn"), server.shown.get(0).body());
        // then it waits: the same notification is replaced, not a second one stacked
        on.changed(state(agent(2, AgentState.WAITING), AgentState.IDLE));
        assertEquals(1, server.open.size());
        assertEquals(1, server.shown.get(1).replaces());
    }

    @Test
    void noneWhileTheAgentIsInFront() throws Exception {
        NotifyReactor r = start("");
        Loc front = new Loc("tmux", Map.of("attached", true, "pane_active", true, "window_active", true));
        Loc focused = new Loc("wm", Map.of("focused", true));
        Loc unfocused = new Loc("wm", Map.of("focused", false));
        Loc otherPane = new Loc("tmux", Map.of("attached", true, "pane_active", false, "window_active", true));
        r.changed(state(agent(1, AgentState.WAITING, front, focused), AgentState.BUSY));
        r.changed(state(agent(2, AgentState.WAITING, front), AgentState.BUSY));
        assertEquals(0, server.shown.size(), "in front: its active pane in a shown session, its window focused");
        r.changed(state(agent(3, AgentState.WAITING, front, unfocused), AgentState.BUSY));
        r.changed(state(agent(4, AgentState.WAITING, otherPane, focused), AgentState.BUSY));
        r.changed(state(agent(5, AgentState.WAITING), AgentState.BUSY));
        assertEquals(List.of("agent3", "agent4", "agent5"), server.shown.stream().map(Notifier.Note::summary).toList());
    }

    /** Another host's agent as the daemon relays it: its name there as the label, its reason as that host said it. */
    static Agent remote(int pid, AgentState s, String waitingFor) {
        return new Agent(pid, "s-" + pid, null, "api", null, null, "/home/u/api", null, s, 1000, null, waitingFor, 1000, "2.1.330",
                Map.of(), List.of());
    }

    @Test
    void anotherHostsAgentIsNamedWithItsHostAndClosedWhenItStopsWaiting() throws Exception {
        NotifyReactor r = start("");
        r.changed(new AgentChange(AgentChange.Kind.STATE, remote(7, AgentState.WAITING, "permission prompt"), AgentState.BUSY, 0, "devbox"));
        assertEquals(1, server.open.size());
        Notifier.Note n = server.shown.get(0);
        assertEquals("api on devbox", n.summary());
        assertEquals("waits on a permission prompt\n/home/u/api", n.body()); // not this machine's HOME to shorten
        // the same pid and session on this machine is another agent: its change leaves devbox's notification alone
        r.changed(state(new Agent(7, "s-7", null, "api", null, null, "/w/api", null, AgentState.BUSY, 1000, null, 1000, "2.1.330",
                Map.of(), List.of()), AgentState.WAITING));
        assertEquals(1, server.open.size());
        r.changed(new AgentChange(AgentChange.Kind.STATE, remote(7, AgentState.BUSY, null), AgentState.WAITING, 0, "devbox"));
        assertEquals(0, server.open.size());
    }

    @Test
    void manyRemoteAgentsWaitingAtOnceAreRateLimitedAsAny() throws Exception {
        NotifyReactor r = start("notify.rate.minute = 3\n");
        for (int pid = 1; pid <= 10; pid++) {
            r.changed(new AgentChange(AgentChange.Kind.ADDED, remote(pid, AgentState.WAITING, "question"), null, 0, "devbox"));
        }
        assertEquals(3, server.shown.size(), "a host coming with ten waiting agents is three notifications a minute");
        assertEquals("asks you a question\n/home/u/api", server.shown.get(0).body());
    }

    @Test
    void rateLimitedPerAgentAndOverall() throws Exception {
        NotifyReactor r = start("notify.rate.agent = 60\nnotify.rate.minute = 2\n");
        Agent a = agent(1, AgentState.WAITING);
        r.changed(state(a, AgentState.BUSY));
        r.changed(state(agent(1, AgentState.BUSY), AgentState.WAITING));
        r.changed(state(a, AgentState.BUSY));
        assertEquals(1, server.shown.size(), "one per agent per 60 s");
        r.changed(state(agent(2, AgentState.WAITING), AgentState.BUSY));
        r.changed(state(agent(3, AgentState.WAITING), AgentState.BUSY));
        assertEquals(2, server.shown.size(), "two a minute overall");
        assertTrue(log.stream().anyMatch(l -> l.contains("rate limit") && l.contains("agent3")), log.toString());
    }

    @Test
    void stopClosesEverythingStillShown() throws Exception {
        NotifyReactor r = start("", agent(1, AgentState.WAITING), agent(2, AgentState.BUSY));
        r.changed(new AgentChange(AgentChange.Kind.ADDED, agent(3, AgentState.WAITING), null, 0));
        assertEquals(2, server.open.size(), "waiting at start and a waiting newcomer");
        r.stop();
        assertEquals(0, server.open.size());
        assertTrue(server.closed);
    }

    @Test
    void offInTheConfigFileOrWithoutABusItStaysOff() throws Exception {
        Path f = tmp.resolve("off");
        Files.writeString(f, "notify.waiting = off\n");
        assertFalse(new NotifyReactor(ctx -> server).start(
                new Reactor.Context(Map.of(), FleetConfig.read(f, log::add), log::add, List::of, a -> 0), List.of()));
        List<String> lines = new ArrayList<>();
        assertFalse(new NotifyReactor().start(new Reactor.Context(Map.of(), FleetConfig.empty(), lines::add, List::of, a -> 0), List.of()));
        assertEquals(List.of("notify: off: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"), lines);
    }
}
