package dev.fleet.terminals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.terminal.OpenedWindow;
import dev.fleet.core.terminal.Terminal;
import dev.fleet.core.terminal.TerminalChooser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which registered terminal is chosen, and the exact argv each one gets (Ghostty's macOS form included). */
class TerminalChooserTest {
    @TempDir
    Path tmp;

    private static final List<String> ATTACH = List.of("tmux", "-S", "/tmp/a b.sock", "attach-session", "-t", "=fleet-workspace");

    private Path bin(String... names) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.writeString(p, "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    private TerminalChooser linux(Path bin, Path proc) {
        return new TerminalChooser(Map.of("PATH", bin.toString()), "Linux", proc, List.of());
    }

    private Path emptyProc() throws Exception {
        return Files.createDirectories(tmp.resolve("proc"));
    }

    @Test
    void ghosttyWinsOnLinuxAndEachDashEWindowIsItsOwnProcess() throws Exception {
        Path bin = bin("ghostty", "kitty", "xterm");
        Terminal t = linux(bin, emptyProc()).choose(null).orElseThrow();
        assertEquals("ghostty", t.name());
        assertTrue(t.ownsProcess());
        List<String> argv = t.argv("fleet workspace", ATTACH);
        assertEquals(bin.resolve("ghostty").toString(), argv.get(0));
        assertEquals(List.of("--title=fleet workspace", "-e"), argv.subList(1, 3));
        assertEquals(ATTACH, argv.subList(3, argv.size()));
    }

    @Test
    void runningSingleInstanceGhosttyGetsNewWindow() throws Exception {
        Path proc = emptyProc();
        Path p = Files.createDirectories(proc.resolve("4242"));
        Files.writeString(p.resolve("comm"), "ghostty\n");
        Files.write(p.resolve("cmdline"), "/usr/bin/ghostty\0--gtk-single-instance=true\0".getBytes(StandardCharsets.UTF_8));
        Path other = Files.createDirectories(proc.resolve("4243")); // a plain -e ghostty does not count
        Files.writeString(other.resolve("comm"), "ghostty\n");
        Files.write(other.resolve("cmdline"), "ghostty\0-e\0top\0".getBytes(StandardCharsets.UTF_8));
        Terminal t = linux(bin("ghostty"), proc).choose(null).orElseThrow();
        assertEquals("ghostty +new-window", t.name());
        assertFalse(t.ownsProcess(), "the window belongs to the running instance: never kill its pid");
        List<String> argv = t.argv("T", ATTACH);
        assertEquals(List.of("+new-window", "--title=T", "-e"), argv.subList(1, 4));
    }

    @Test
    void macOsOpensTheAppBundleWithArgs() throws Exception {
        Path apps = Files.createDirectories(tmp.resolve("Applications/Ghostty.app"));
        TerminalChooser mac = new TerminalChooser(Map.of("PATH", bin("kitty").toString()), "Mac OS X", emptyProc(),
                List.of(apps.getParent()));
        Terminal t = mac.choose(null).orElseThrow();
        assertEquals("ghostty (macOS)", t.name());
        List<String> expected = new java.util.ArrayList<>(List.of("open", "-na", "Ghostty.app", "--args", "--title=fleet workspace", "-e"));
        expected.addAll(ATTACH);
        assertEquals(expected, t.argv("fleet workspace", ATTACH));
        // without the bundle, macOS falls back to what is on PATH
        TerminalChooser noApp = new TerminalChooser(Map.of("PATH", bin("kitty").toString()), "Mac OS X", emptyProc(), List.of(tmp.resolve("none")));
        assertEquals("kitty", noApp.choose(null).orElseThrow().name());
    }

    @Test
    void fallbackOrderIsKittyAlacrittyFootWeztermXterm() throws Exception {
        assertEquals("kitty", linux(bin("xterm", "foot", "kitty"), emptyProc()).choose(null).orElseThrow().name());
        Files.delete(tmp.resolve("bin/kitty"));
        assertEquals("foot", linux(tmp.resolve("bin"), emptyProc()).choose(null).orElseThrow().name());
        Files.delete(tmp.resolve("bin/foot"));
        Terminal x = linux(tmp.resolve("bin"), emptyProc()).choose(null).orElseThrow();
        assertEquals(List.of("-T", "W", "-e"), x.argv("W", ATTACH).subList(1, 4));
        Files.delete(tmp.resolve("bin/xterm"));
        assertTrue(linux(tmp.resolve("bin"), emptyProc()).choose(null).isEmpty());
    }

    @Test
    void kittyThroughItsSocketWhenOneListens() throws Exception {
        Path sock = Files.createFile(tmp.resolve("kitty.sock"));
        TerminalChooser c = new TerminalChooser(Map.of("PATH", bin("kitty").toString(), "KITTY_LISTEN_ON", "unix:" + sock),
                "Linux", emptyProc(), List.of());
        Terminal t = c.choose(null).orElseThrow();
        assertEquals("kitty (remote control)", t.name());
        List<String> argv = t.argv("T", ATTACH);
        assertEquals(List.of("@", "--to", "unix:" + sock, "launch", "--type=os-window"), argv.subList(1, 6));
        assertEquals(ATTACH, argv.subList(argv.indexOf("--") + 1, argv.size()));
    }

    @Test
    void terminalOverride() throws Exception {
        Path bin = bin("ghostty", "kitty", "alacritty");
        assertEquals("kitty", linux(bin, emptyProc()).choose("kitty").orElseThrow().name());
        assertEquals("alacritty", linux(bin, emptyProc()).choose("alacritty").orElseThrow().name());
        Terminal custom = linux(bin, emptyProc()).choose("st -f Mono -e").orElseThrow();
        assertEquals("st -f Mono -e", custom.name());
        List<String> expected = new java.util.ArrayList<>(List.of("st", "-f", "Mono", "-e"));
        expected.addAll(ATTACH);
        assertEquals(expected, custom.argv("T", ATTACH));
    }
}
