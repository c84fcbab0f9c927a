package dev.fleet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.config.FleetConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reactors see every change of the picture, typed and in order, and are stopped when the daemon stops. */
class ReactorsTest {
    static Agent agent(int pid, AgentState s) {
        return new Agent(pid, "s-" + pid, "a" + pid, null, null, null, "/w", null, s, 1000, null, 1000, "2.1.330", Map.of(), List.of());
    }

    /** Records what it is told. */
    static final class Recorder implements Reactor {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final boolean wants;

        Recorder(boolean wants) {
            this.wants = wants;
        }

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public boolean start(Context ctx, List<Agent> agents) {
            seen.add("start " + agents.size());
            return wants;
        }

        @Override
        public void changed(AgentChange c) {
            seen.add(c.kind() + " " + c.agent().pid() + " " + c.from() + "→" + c.agent().state());
        }

        @Override
        public void stop() {
            seen.add("stop");
        }
    }

    @Test
    void changesArriveTypedAndInOrderAndStopEndsThem() {
        AgentRegistry reg = new AgentRegistry(System::currentTimeMillis);
        reg.put("1", agent(1, AgentState.BUSY));
        Recorder on = new Recorder(true), off = new Recorder(false);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Reactor.Context ctx = new Reactor.Context(Map.of(), FleetConfig.empty(), log::add, reg::agents, a -> 0);
        Reactors rs = Reactors.start(List.of(on, off), ctx, reg);
        reg.put("1", agent(1, AgentState.WAITING));
        reg.put("2", agent(2, AgentState.IDLE));
        reg.remove("1");
        rs.close();
        assertEquals(List.of("start 1", "STATE 1 BUSY→WAITING", "ADDED 2 null→IDLE", "REMOVED 1 null→WAITING", "stop"), on.seen);
        assertEquals(List.of("start 1"), off.seen, "a reactor that declined gets nothing");
        assertTrue(log.contains("recorder: on"), log.toString());
    }

    /** A recorder that also takes other hosts' changes, as notify does. */
    static final class RemoteRecorder implements Reactor {
        final Recorder inner = new Recorder(true);

        @Override
        public String name() {
            return "remote-recorder";
        }

        @Override
        public boolean remoteToo() {
            return true;
        }

        @Override
        public boolean start(Context ctx, List<Agent> agents) {
            return inner.start(ctx, agents);
        }

        @Override
        public void changed(AgentChange c) {
            inner.changed(c);
            inner.seen.add("host " + c.host());
        }

        @Override
        public void stop() {
            inner.stop();
        }
    }

    @Test
    void anotherHostsChangesReachOnlyTheReactorsThatTakeThemAndTheSubscribersThatDo() {
        AgentRegistry reg = new AgentRegistry(System::currentTimeMillis);
        Recorder marks = new Recorder(true);
        RemoteRecorder notify = new RemoteRecorder();
        Reactor.Context ctx = new Reactor.Context(Map.of(), FleetConfig.empty(), l -> { }, reg::agents, a -> 0);
        Reactors rs = Reactors.start(List.of(marks, notify), ctx, reg);
        List<Object> all = Collections.synchronizedList(new ArrayList<>()), localOnly = Collections.synchronizedList(new ArrayList<>());
        reg.addListener(e -> all.add(e.get("host") + " " + e.get("event")), true);
        reg.addListener(e -> localOnly.add(e.get("host") + " " + e.get("event")), false);
        Map<String, Object> ev = Map.of("event", "state", "host", "devbox");
        reg.relay(ev, new AgentChange(AgentChange.Kind.STATE, agent(7, AgentState.WAITING), AgentState.BUSY, 0, "devbox"));
        reg.relay(Map.of("event", "stale", "host", "devbox"), null); // subscribers only
        reg.put("1", agent(1, AgentState.IDLE));
        rs.close();
        assertEquals(List.of("start 0", "ADDED 1 null→IDLE", "stop"), marks.seen, "marks are this machine's");
        assertEquals(List.of("start 0", "STATE 7 BUSY→WAITING", "host devbox", "ADDED 1 null→IDLE", "host null", "stop"), notify.inner.seen);
        String here = dev.fleet.core.util.Ids.shortHost();
        assertEquals(List.of("devbox state", "devbox stale", here + " added"), all);
        assertEquals(List.of(here + " added"), localOnly, "a local_only subscriber (another host's stream) gets no other host's event");
        assertTrue(reg.agents().stream().noneMatch(a -> a.pid() == 7), "another host's agent is not in this machine's picture");
    }
}
