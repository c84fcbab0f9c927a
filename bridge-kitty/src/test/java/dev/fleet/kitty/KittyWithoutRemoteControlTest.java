package dev.fleet.kitty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.layer.Layers;
import dev.fleet.kitty.testing.Agents;
import dev.fleet.kitty.testing.KittyDesktop;
import dev.fleet.kitty.testing.KittyDesktop.Kitty;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a user without remote control, or with a dead kitty, is told; and what fleet still does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KittyWithoutRemoteControlTest {
    KittyDesktop desktop;
    /** listen_on set, but allow_remote_control=password with no password: kitty answers with a refusal. */
    Kitty refusing;
    int refusingChild;
    /** No listen_on at all: only KITTY_PID and KITTY_WINDOW_ID. */
    Kitty silent;
    int silentChild;

    @BeforeAll
    void start() throws Exception {
        desktop = KittyDesktop.start();
        try {
            refusing = desktop.kitty("password", "unix:" + desktop.dir().resolve("refusing.sock"),
                    List.of("sh", "-c", "exec sleep 600"));
            silent = desktop.kitty("no", null, List.of("sh", "-c", "exec sleep 600"));
            refusingChild = refusing.awaitChild();
            silentChild = silent.awaitChild();
            Path sock = desktop.dir().resolve("refusing.sock");
            KittyDesktop.awaitTrue("the refusing kitty's socket", () -> Files.exists(sock));
        } catch (Throwable t) {
            desktop.close();
            throw t;
        }
    }

    @AfterAll
    void stop() {
        if (desktop != null) desktop.close();
    }

    @Test
    void refusalIsKittysOwnMessageOnOneLine() {
        KittyException e = assertThrows(KittyException.class, () -> refusing.client().ls());
        assertEquals(KittyException.Kind.DISABLED, e.kind());
        assertEquals("kitty: " + refusing.listenOn() + " refused ls: Remote control is disabled. Add allow_remote_control"
                + " to your kitty.conf (kitty.conf: " + KittyFocuser.ENABLE_REMOTE_CONTROL + ")", e.getMessage());
    }

    @Test
    void missingSocket() {
        Path p = desktop.dir().resolve("no-such.sock");
        KittyException e = assertThrows(KittyException.class, () -> KittyClient.of("unix:" + p).ls());
        assertEquals(KittyException.Kind.NO_SOCKET, e.kind());
        assertEquals("kitty: no socket at " + p
                + " (that kitty has exited, or was started without --listen-on/listen_on)", e.getMessage());
    }

    @Test
    void staleSocketFileOfAnExitedKitty() throws Exception {
        Path p = desktop.dir().resolve("stale.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(p));
        }
        assertTrue(Files.exists(p), "closing a unix server leaves its file, as a killed kitty does");
        KittyException e = assertThrows(KittyException.class, () -> KittyClient.of("unix:" + p).ls());
        assertEquals(KittyException.Kind.REFUSED, e.kind());
        assertEquals("kitty: unix:" + p + " refused the connection (that kitty has exited)", e.getMessage());
    }

    @Test
    void abstractNameNobodyListensOn() {
        String a = "unix:@" + desktop.uniqueName("nobody");
        KittyException e = assertThrows(KittyException.class, () -> KittyClient.of(a).ls());
        assertEquals(KittyException.Kind.REFUSED, e.kind());
        assertEquals("kitty: nothing listens on " + a + " (that kitty has exited)", e.getMessage());
    }

    @Test
    void refusingKittyStillLocatesFromTheEnvironment() {
        Agent a = Agents.of(refusingChild);
        assertEquals(refusing.listenOn(), a.hints().get("KITTY_LISTEN_ON"));
        List<String> warnings = Agents.list(), notes = Agents.list();
        Agent out = new KittyLocator().locate(Agents.locate(warnings, notes), List.of(a)).get(0);
        KittyWindowLocation l = KittyDesktopTest.loc(out);
        assertFalse(l.remote());
        assertEquals(refusing.pid(), l.terminalPid(), "the WM layer can still raise kitty's OS window");
        assertEquals(1, l.windowId(), "KITTY_WINDOW_ID");
        assertEquals("kitty ?/?/1", l.where());
        assertTrue(l.remoteError().contains("Remote control is disabled"), l.remoteError());
        assertTrue(l.x11WindowId().isEmpty());
        assertEquals(List.of(), warnings, "a refusal is configuration, not a fault");
        assertTrue(notes.stream().anyMatch(n -> n.contains("Remote control is disabled")), notes.toString());

        List<String> focusNotes = Agents.list();
        FocusPlan plan = new Layers(List.of(new KittyLayer())).planFocus(Agents.focus(focusNotes), out);
        assertEquals(List.of(), plan.steps(), "no kitty step without remote control");
        assertEquals(1, focusNotes.size(), focusNotes.toString());
        String note = focusNotes.get(0);
        assertTrue(note.startsWith("kitty: cannot select window 1 and its tab: kitty: " + refusing.listenOn()
                + " refused ls: Remote control is disabled"), note);
        assertTrue(note.endsWith("only its OS window can be raised. To enable, add to kitty.conf: "
                + "allow_remote_control socket-only and listen_on unix:/tmp/kitty-{kitty_pid}, then restart kitty"), note);
    }

    @Test
    void kittyWithoutListenOnIsLocatedByKittyPid() {
        Agent a = Agents.of(silentChild);
        assertNull(a.hints().get("KITTY_LISTEN_ON"));
        List<String> warnings = Agents.list();
        KittyWindowLocation l = KittyDesktopTest.loc(
                new KittyLocator().locate(Agents.locate(warnings, Agents.list()), List.of(a)).get(0));
        assertFalse(l.remote());
        assertNull(l.listenOn());
        assertEquals(silent.pid(), l.terminalPid());
        assertTrue(l.hostsPid(silentChild));
        assertEquals(List.of(), warnings);
        Map<?, ?> json = (Map<?, ?>) l.toJson();
        assertEquals(false, json.get("remote"));
        assertEquals(silent.pid(), json.get("kitty_pid"));

        List<String> notes = Agents.list();
        assertEquals(List.of(), new KittyFocuser().plan(Agents.focus(notes), Agents.of(silentChild, a.hints(), List.of(l))));
        assertTrue(notes.get(0).contains("kitty (pid " + silent.pid() + ") has no remote control"), notes.toString());
    }

    @Test
    void staleKittyPidIsNoLocation() {
        // A KITTY_PID that is not an ancestor (e.g. inherited by a tmux server) places nothing.
        Agent a = Agents.of(silentChild, Map.of("KITTY_PID", Integer.toString(refusing.pid()), "KITTY_WINDOW_ID", "1"),
                List.of());
        Agent out = new KittyLocator().locate(Agents.locate(Agents.list(), Agents.list()), List.of(a)).get(0);
        assertTrue(out.location(KittyWindowLocation.class).isEmpty(), out.locations().toString());
    }

    @Test
    void focusStepOnAKittyThatStoppedAnsweringFailsOnOneLine() {
        KittyWindowLocation gone = new KittyWindowLocation(true, "unix:" + desktop.dir().resolve("gone.sock"), null, 1,
                1L, null, 1L, 0, "t", 3, "w", false, false, false, false, List.of());
        FocusPlan plan = new Layers(List.of(new KittyLayer())).planFocus(Agents.focus(Agents.list()),
                Agents.of(silentChild, Map.of(), List.of(gone)));
        FocusException e = assertThrows(FocusException.class, () -> plan.run(Agents.focus(Agents.list())));
        assertEquals("kitty: no socket at " + desktop.dir().resolve("gone.sock")
                + " (that kitty has exited, or was started without --listen-on/listen_on); cannot select window 3",
                e.getMessage());
    }
}
