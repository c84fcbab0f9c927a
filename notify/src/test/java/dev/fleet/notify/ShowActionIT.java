package dev.fleet.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.config.FleetConfig;
import dev.fleet.daemon.AgentChange;
import dev.fleet.daemon.Reactor;
import dev.fleet.testkit.desktop.NotifyRig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Show" on a notification brings its agent in front: the server's ActionInvoked signal on a real bus
 * reaches the daemon's focus with that agent. (dunst invokes actions through a menu program; the test
 * sends the signal dunst would send.) A user who dismisses it leaves nothing for fleet to close.
 */
class ShowActionIT {
    @Test
    void showActionFocusesTheAgentAndADismissedNotificationIsForgotten() {
        try (NotifyRig rig = NotifyRig.start()) {
            Agent a = NotifyReactorTest.agent(4242, AgentState.WAITING);
            List<Agent> focused = Collections.synchronizedList(new ArrayList<>());
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Reactor.Context ctx = new Reactor.Context(rig.env(), FleetConfig.empty(), log::add, () -> List.of(a), ag -> {
                focused.add(ag);
                return 0;
            });
            NotifyReactor r = new NotifyReactor();
            assertTrue(r.start(ctx, List.of()), log.toString());
            r.changed(new AgentChange(AgentChange.Kind.STATE, a, AgentState.BUSY, 0));
            assertTrue(NotifyRig.waitFor(5_000, () -> !NotifyDaemonIT.returnedIds(rig).isEmpty() && rig.displayed() == 1), rig.monitor());
            long id = NotifyDaemonIT.returnedIds(rig).get(0);

            rig.signal("ActionInvoked", "uint32:" + id, "string:default");
            assertTrue(NotifyRig.waitFor(5_000, () -> focused.size() == 1), "Show runs the daemon's focus: " + log);
            assertEquals(a.sessionId(), focused.get(0).sessionId());
            rig.signal("ActionInvoked", "uint32:" + (id + 100), "string:default");
            NotifyRig.waitFor(500, () -> focused.size() > 1);
            assertEquals(1, focused.size(), "another program's notification is not ours");

            // the user dismisses it: dunst closes it and says so; stop() then has nothing to close
            rig.run("dunstctl", "close-all");
            assertTrue(NotifyRig.waitFor(5_000, () -> rig.monitor().contains("member=NotificationClosed")), rig.monitor());
            NotifyRig.waitFor(500, () -> false);
            r.stop();
            assertEquals(0, rig.calls("CloseNotification"), "nothing left to close: " + rig.monitor());
        }
    }
}
