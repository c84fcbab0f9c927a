package dev.fleet.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.testkit.desktop.NotifyRig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real daemon, a real notification server (dunst on a private bus under Xvfb) and a stand-in agent
 * whose session file goes busy → waiting → busy: what the user would see, read back with dunstctl and
 * dbus-monitor.
 */
class NotifyDaemonIT {
    private static final long WAIT = 8_000;

    @Test
    void aWaitingAgentGetsOneNotificationNamingItReplacedOnRenameAndClosedWhenItMovesOn() throws Exception {
        try (NotifyRig rig = NotifyRig.start();
                StandInFleet fleet = new StandInFleet(rig.env(), "notify.rate.agent = 0\n")) {
            int pid = fleet.agent("api-nfy", "busy");
            transcript(fleet, pid, "api-nfy", "Bash", "touch x");
            fleet.start();
            assertTrue(fleet.log.contains("notify: on"), fleet.log.toString());
            assertEquals(0, rig.displayed(), "nothing shown while it is busy");

            fleet.setStatus(pid, "waiting");
            assertTrue(NotifyRig.waitFor(WAIT, () -> rig.displayed() == 1), "one notification on screen; monitor: " + rig.monitor());
            String notify = lastNotify(rig);
            assertTrue(notify.contains("string \"api-nfy\""), "summary is the agent's name: " + notify);
            assertTrue(notify.contains("permission for Bash: touch x"), "body says why it waits: " + notify);
            assertTrue(notify.contains(fleet.cwd("api-nfy").substring(fleet.env.get("HOME").length())), "body names its folder: " + notify);
            assertTrue(notify.contains("string \"Show\""), "a Show action is offered (dunst lists actions): " + notify);
            long first = returnedIds(rig).get(0);

            // a second notification for the same agent (its name changed while it waits) replaces the first
            fleet.daemon.keeper().labels().set(fleet.sessionId(pid), "renamed-nfy");
            assertTrue(NotifyRig.waitFor(WAIT, () -> rig.calls("Notify") == 2), rig.monitor());
            assertTrue(lastNotify(rig).contains("string \"renamed-nfy\""), lastNotify(rig));
            assertTrue(lastNotify(rig).contains("uint32 " + first), "Notify carries replaces_id " + first + ": " + lastNotify(rig));
            NotifyRig.waitFor(1_000, () -> returnedIds(rig).size() == 2);
            assertEquals(1, rig.displayed(), "replaced, not stacked");

            fleet.setStatus(pid, "busy");
            assertTrue(NotifyRig.waitFor(WAIT, () -> rig.displayed() == 0), "closed when it stops waiting: " + rig.monitor());
            assertEquals(1, rig.calls("CloseNotification"), rig.monitor());
            String history = rig.history();
            assertTrue(history.contains("renamed-nfy"), "dunst's history has the closed notification: " + history);
            assertEquals(1, count(history, "\"summary\""), "exactly one notification was ever on screen: " + history);
        }
    }

    @Test
    void stoppingTheDaemonClosesWhatItShows() throws Exception {
        try (NotifyRig rig = NotifyRig.start();
                StandInFleet fleet = new StandInFleet(rig.env(), "")) {
            fleet.agent("waits-nfy", "waiting");
            fleet.start();
            assertTrue(NotifyRig.waitFor(WAIT, () -> rig.displayed() == 1), "an agent already waiting at start is shown: " + fleet.log);
            assertTrue(lastNotify(rig).contains("waiting for you"), "no transcript: the plain reason: " + lastNotify(rig));
            fleet.daemon.close();
            assertEquals(0, rig.displayed(), "nothing outlives the daemon");
        }
    }

    @Test
    void withoutASessionBusTheDaemonRunsWithOneLineSayingSo() throws Exception {
        try (StandInFleet fleet = new StandInFleet(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/nfy-bus"), "")) {
            fleet.agent("nobus-nfy", "waiting");
            fleet.start();
            List<String> lines = fleet.log.stream().filter(l -> l.startsWith("notify")).toList();
            assertEquals(1, lines.size(), fleet.log.toString());
            assertTrue(lines.get(0).startsWith("notify: off: cannot reach the session bus"), lines.get(0));
            assertEquals(1, fleet.daemon.keeper().registry().agents().size(), "the daemon still keeps the picture");
        }
    }

    /** The transcript Claude Code writes, ending in a tool call that waits for permission. */
    static void transcript(StandInFleet fleet, int pid, String name, String tool, String command) throws Exception {
        Path dir = Files.createDirectories(fleet.claudeDir.resolve("projects").resolve(fleet.cwd(name).replaceAll("[/.]", "-")));
        Files.writeString(dir.resolve(fleet.sessionId(pid) + ".jsonl"),
                "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"make x\"}}\n"
                        + "{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"},"
                        + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"" + tool + "\",\"input\":{\"command\":\"" + command + "\"}}]}}\n");
    }

    /** The last Notify call the monitor printed, with its arguments. */
    static String lastNotify(NotifyRig rig) {
        String m = rig.monitor();
        int at = m.lastIndexOf("member=Notify");
        if (at < 0) return "";
        int end = m.indexOf("\nmethod ", at);
        int end2 = m.indexOf("\nsignal ", at);
        if (end < 0 || (end2 >= 0 && end2 < end)) end = end2;
        return end < 0 ? m.substring(at) : m.substring(at, end);
    }

    /** The ids the server returned for Notify calls (method return lines followed by a uint32). */
    static List<Long> returnedIds(NotifyRig rig) {
        return rig.returnedIds();
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
