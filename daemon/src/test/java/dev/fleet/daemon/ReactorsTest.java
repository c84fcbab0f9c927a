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
}
