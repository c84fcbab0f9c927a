package dev.fleet.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.TmuxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control client on a real tmux server: hostile names reach tmux's parser as data, it leaves window
 * sizes alone, it leaves with its owner's stdin, and a client that does not answer costs at most its
 * timeout before the commands run as a process. Everything read back from tmux itself.
 */
class TmuxControlIT {
    @TempDir
    Path tmp;

    private static Tmux tmux(TmuxServer s) {
        return new Tmux(Exec.withTimeout(Duration.ofSeconds(5)), s.socketPath());
    }

    private static String sessionId(TmuxServer s, String name) {
        for (String l : s.run("list-sessions", "-F", "#{session_id}\t#{session_name}").split("\n")) {
            if (l.substring(l.indexOf('\t') + 1).equals(name)) return l.substring(0, l.indexOf('\t'));
        }
        throw new AssertionError("no session " + name);
    }

    @Test
    void hostileSessionNamesAreDataToTmuxsParser() throws Exception {
        Require.tools("tmux");
        try (TmuxServer s = TmuxServer.named()) {
            s.newSession("plain", tmp, "sleep", "600");
            String id = sessionId(s, "plain");
            try (TmuxControl c = TmuxControl.start("tmux", s.socketPath(), id)) {
                // names no argv can give (tmux eats a trailing ;), set through the control client; tmux expands
                // formats in a new name (## is a literal #) and writes \ and $ in it as \\ and \$ (its vis(3))
                List<String> given = List.of("a;b", "end;", "q'uote \"dq\"", "##{pane_id} #{session_id}", "$HOME ~root {x} \\;", "%begin 1 2 1");
                List<String> names = new ArrayList<>();
                for (String g : given) {
                    s.run("new-session", "-d", "-s", "tmp", "sleep", "600");
                    String sid = sessionId(s, "tmp");
                    Optional<Exec.Result> r = c.run(List.of("rename-session", "-t", sid, g), 2000);
                    assertTrue(r.isPresent() && r.get().ok(), g + ": " + r);
                    names.add(s.display(sid + ":", "#{session_name}"));
                }
                assertEquals(List.of("a;b", "end;", "q'uote \"dq\"", "#{pane_id} $", "\\$HOME ~root {x} \\\\;", "%begin 1 2 1").subList(0, 3),
                        names.subList(0, 3));
                assertEquals("#{pane_id} ", names.get(3).substring(0, 11), "## kept one #, #{session_id} expanded");
                assertEquals("\\$HOME ~root {x} \\\\;", names.get(4));
                assertEquals("%begin 1 2 1", names.get(5));
                for (String n : names) {
                    // and a target naming it finds that very session, through the control client and through a process
                    Optional<Exec.Result> r = c.run(List.of("list-panes", "-t", "=" + n, "-F", "#{session_id}", ";",
                            "list-panes", "-t", "=" + n + ":", "-F", "#{session_id}"), 2000);
                    assertTrue(r.isPresent() && r.get().ok(), n + ": " + r);
                    assertEquals(sessionId(s, n) + "\n" + sessionId(s, n) + "\n", r.get().out(), n);
                    Exec.Result p = tmux(s).run("list-panes", "-t", "=" + n, "-F", "#{session_id}");
                    assertEquals(sessionId(s, n) + "\n", p.out(), n + " through a process: " + p.err());
                }
                // tmux's answer to a failing command is the process's: exit 1, its message, the commands after it not run
                Optional<Exec.Result> bad = c.run(List.of("list-panes", "-t", "=nosuch", ";", "rename-session", "-t", id, "renamed"), 2000);
                assertTrue(bad.isPresent(), "answered");
                assertEquals(1, bad.get().exit());
                assertTrue(bad.get().err().contains("can't find"), bad.get().err());
                assertTrue(s.hasSession("plain"), "the list stopped at the failing command");
                // a line break cannot be carried on a control client's one line: refused, for the caller to spawn
                assertTrue(c.run(List.of("list-panes", "-t", "=a\nb"), 2000).isEmpty());
            }
        }
    }

    @Test
    void commandLineQuotesForTmuxNotForAShell() {
        assertEquals("'select-pane' '-t' 'it'\\''s' ; 'x'", TmuxControl.commandLine(List.of("select-pane", "-t", "it's", ";", "x")).get());
        assertTrue(TmuxControl.commandLine(List.of("a\rb")).isEmpty());
        assertTrue(TmuxControl.commandLine(List.of()).isEmpty(), "an empty line would detach the client");
        assertEquals("x\\;", Tmux.argvSafe("x;"));
        assertEquals(";", Tmux.argvSafe(";"));
    }

    @Test
    void windowSizesStayAndTheClientLeavesWithItsStdin() throws Exception {
        Require.tools("tmux");
        try (TmuxServer s = TmuxServer.named(); TmuxServer outer = TmuxServer.named()) {
            s.newSession("agents", tmp, "sleep", "600");
            String size = s.display("=agents:", "#{window_width}x#{window_height}");
            TmuxControl c = TmuxControl.start("tmux", s.socketPath(), sessionId(s, "agents"));
            assertTrue(c.run(List.of("select-window", "-t", "=agents:"), 2000).get().ok());
            assertEquals(1, s.controlClients().size(), "one control client");
            assertEquals(size, s.display("=agents:", "#{window_width}x#{window_height}"), "no user client: size kept");

            // a user's terminal of 120x40 sizes the window; the control client does not change that
            outer.run("new-session", "-d", "-s", "term", "-x", "120", "-y", "41",
                    "env", "-u", "TMUX", "tmux", "-S", s.socketPath().toString(), "attach", "-t", "=agents");
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (s.userClients("#{client_tty}").isEmpty() && System.nanoTime() < end) Thread.sleep(50);
            String userSize = waitForSize(s, "120x40");
            assertTrue(c.run(List.of("select-window", "-t", "=agents:"), 2000).get().ok());
            outer.run("resize-window", "-t", "=term:", "-x", "100", "-y", "31");
            assertEquals("100x30", waitForSize(s, "100x30"), "the window follows the user's client, was " + userSize);

            c.close();
            end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!s.controlClients().isEmpty() && System.nanoTime() < end) Thread.sleep(20);
            assertEquals(List.of(), s.controlClients(), "gone once its stdin closed");
            assertEquals(1, s.userClients("#{client_tty}").size());
        }
    }

    private static String waitForSize(TmuxServer s, String want) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String now;
        while (!(now = s.display("=agents:", "#{window_width}x#{window_height}")).equals(want) && System.nanoTime() < end) Thread.sleep(50);
        return now;
    }

    @Test
    void aClientThatDoesNotAnswerCostsItsTimeoutThenTheCommandsRunAsAProcess() throws Exception {
        Require.tools("tmux");
        try (TmuxServer s = TmuxServer.named()) {
            s.newSession("one", tmp, "sleep", "600");
            s.newSession("two", tmp, "sleep", "600");
            // a "tmux" that starts and never answers: a wedged control client
            Path fake = tmp.resolve("wedged-tmux");
            Files.writeString(fake, "#!/bin/sh\nexec sleep 600\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
            List<String> log = new ArrayList<>();
            try (TmuxControls controls = new TmuxControls(fake.toString(), log::add)) {
                TmuxControls.install(controls);
                long t0 = System.nanoTime();
                Exec.Result r = TmuxControls.run(tmux(s), sessionId(s, "one"), List.of("rename-session", "-t", "=two", "zwei"));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(r.ok(), r.err());
                assertTrue(s.hasSession("zwei"), "done by the process");
                assertTrue(ms < 1000, ms + " ms");
                assertTrue(log.stream().anyMatch(l -> l.contains("no answer within")), log.toString());
            }
            // a real control client, stopped (SIGSTOP): the switch still completes in time
            try (TmuxControls controls = new TmuxControls("tmux", l -> { })) {
                TmuxControls.install(controls);
                assertTrue(TmuxControls.run(tmux(s), sessionId(s, "one"), List.of("rename-session", "-t", "=zwei", "two")).ok());
                long pid = s.controlClients().get(0);
                Exec.withTimeout(Duration.ofSeconds(2)).run(List.of("kill", "-STOP", Long.toString(pid)));
                try {
                    long t0 = System.nanoTime();
                    Exec.Result r = TmuxControls.run(tmux(s), sessionId(s, "one"), List.of("rename-session", "-t", "=two", "drei"));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertTrue(r.ok(), r.err());
                    assertTrue(s.hasSession("drei"));
                    assertTrue(ms < 1000, ms + " ms");
                } finally {
                    Exec.withTimeout(Duration.ofSeconds(2)).run(List.of("kill", "-CONT", Long.toString(pid)));
                }
            }
            assertFalse(s.run("list-clients", "-F", "#{client_control_mode}").contains("1"), "closed with its owner");
        }
    }
}
