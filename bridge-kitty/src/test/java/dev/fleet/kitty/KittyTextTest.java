package dev.fleet.kitty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.exec.Exec;
import dev.fleet.kitty.testing.Agents;
import dev.fleet.kitty.testing.KittyDesktop;
import dev.fleet.kitty.testing.KittyDesktop.Kitty;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kitty layer's screen and input on a real kitty under Xvfb: {@code get-text} reads what kitty's own
 * {@code kitty @ get-text} reads, and {@code send-text} delivers the text, newlines and shell syntax
 * included, as one bracketed paste and then Enter — checked by the bytes the window's program received.
 */
class KittyTextTest {
    @Test
    void readsTheWindowAndTypesABracketedPasteThenEnter() throws Exception {
        try (KittyDesktop desktop = KittyDesktop.start()) {
            Path got = desktop.dir().resolve("received");
            String marker = desktop.uniqueName("screen-marker");
            String listen = "unix:" + desktop.dir().resolve("t.sock");
            // the window's own process: prints a marker, then is cat writing every byte it reads to a file
            Kitty kitty = desktop.kitty("socket-only", listen,
                    List.of("sh", "-c", "echo " + marker + "; stty -echo; exec cat > " + got)).awaitRemote();
            KittyClient client = kitty.client();
            KittyWindow w = client.ls().get(0).tabs().get(0).windows().get(0);
            KittyDesktop.awaitTrue("the window's sh to exec cat", () -> comm(w.pid()).equals("cat"));
            Agent agent = new KittyLocator().locate(Agents.locate(Agents.list(), Agents.list()), List.of(Agents.of(w.pid()))).get(0);
            assertTrue(KittyScreen.direct(agent).isPresent(), "the agent runs directly in the window: " + agent.locations());

            String screen = new KittyScreen().read(Agents.focus(Agents.list()), agent, 0, false).orElseThrow();
            assertTrue(screen.contains(marker), screen);
            Exec.Result own = Exec.withTimeout(Duration.ofSeconds(20)).run(List.of("kitty", "@", "--to", listen, "get-text",
                    "--match", "id:" + w.id()));
            assertEquals(0, own.exit(), own.err());
            assertEquals(own.out().strip(), screen.strip(), "fleet's reading and kitty @ get-text's");
            assertEquals(1, new KittyScreen().read(Agents.focus(Agents.list()), agent, 1, false).orElseThrow().lines().count());

            String text = "-first; $(touch pwned) 'q'\nsecond line\tend";
            assertTrue(new KittyInput().send(Agents.focus(Agents.list()), agent, text, true));
            String expected = KittyInput.PASTE_START + text + KittyInput.PASTE_END + "\n"; // the tty turns Enter's CR into NL
            KittyDesktop.awaitTrue("cat to receive the paste and Enter", () -> read(got).equals(expected));
            assertFalse(Files.exists(desktop.dir().resolve("pwned")));

            // a text longer than one send-text (kitty's 2048 characters): its pieces arrive whole and in order,
            // a surrogate pair at a piece's edge unbroken
            StringBuilder b = new StringBuilder();
            b.append("x".repeat(2048 - KittyInput.PASTE_START.length() - 1)).append("\uD83D\uDE00"); // the pair spans 2047..2048
            for (int i = 0; b.length() < 9000; i++) b.append(" piece-").append(i).append(i % 7 == 0 ? "\n" : "");
            String longText = b.toString();
            assertTrue(new KittyInput().send(Agents.focus(Agents.list()), agent, longText, true));
            String expectedLong = expected + KittyInput.PASTE_START + longText + KittyInput.PASTE_END + "\n";
            KittyDesktop.awaitTrue("cat to receive the long paste whole and in order", () -> read(got).length() >= expectedLong.length());
            assertEquals(expectedLong, read(got));

            // an agent in tmux is not typed into through kitty: the window shows a tmux client, not the agent
            Agent inTmux = agent.withLocation(new Agents.HostLocation(List.of()));
            assertFalse(new KittyInput().send(Agents.focus(Agents.list()), inTmux, "x", true));
        }
    }

    private static String comm(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (Exception e) {
            return "";
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (Exception e) {
            return "";
        }
    }
}
