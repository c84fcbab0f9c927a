package dev.fleet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fleet.core.exec.Exec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quoted line is what the remote user's shell gets: each real POSIX shell here (dash as sh, bash)
 * must hand printf exactly the words fleet meant, hostile ones included, and run nothing else.
 */
class RemoteShellTest {
    private static final List<String> HOSTILE = List.of(
            "plain", "", "it's", "'", "''", "\"double\"", "$(touch /tmp/fleet-pwned-rs)", "`id`", "$HOME", "a b  c",
            "line one\nline two", "-v", "--help", "; rm -rf /", "\\", "*", "tab\there", "ünïcødé ⏳", "!!", "#comment");

    @Test
    void everyShellGetsEveryWordBackUnchanged() {
        for (String shell : List.of("sh", "bash")) {
            List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
            argv.addAll(HOSTILE);
            Exec.Result r = Exec.withTimeout(Duration.ofSeconds(10)).run(List.of(shell, "-c", RemoteShell.quote(argv)));
            assertEquals(0, r.exit(), shell + ": " + r.err());
            List<String> back = Arrays.asList(r.out().split("\0", -1)).subList(0, HOSTILE.size());
            assertEquals(HOSTILE, back, shell);
            assertEquals(HOSTILE.size() + 1, r.out().split("\0", -1).length, shell + " printed more words than given");
        }
        assertEquals(false, java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/fleet-pwned-rs")), "a $(…) ran");
    }

    @Test
    void aLeadingDashStaysAnArgumentNotAnOptionOfTheShell() {
        assertEquals("'-c' 'x'", RemoteShell.quote(List.of("-c", "x")));
    }

    @Test
    void aNulByteIsRefusedRatherThanCutShort() {
        assertThrows(IllegalArgumentException.class, () -> RemoteShell.quote(List.of("a\0b")));
    }
}
