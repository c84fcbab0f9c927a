package dev.fleet.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fleet.core.util.Ids;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --host} as peek, send, switch and next read it: none is every host, {@code local} or this machine's
 * name is this machine alone, and a name the hosts file does not hold (here: no hosts module at all) is one
 * line and no scope — never an ssh destination tried.
 */
class HostScopeTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Console c = new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), false);

    private HostScope scope(String... args) {
        Args a = ArgParser.parse(Spec.of("peek", 1, List.of("x"), List.of(HostScope.OPTION),
                List.of(new PositionalSpec("QUERY", "q", 1, -1))), args, 0);
        return HostScope.of(a, Settings.fromEnv(Map.of("HOME", "/nonexistent")), c);
    }

    @Test
    void noHostIsEveryHostAndLocalOrThisMachinesNameIsThisMachineAlone() {
        assertEquals(HostScope.ANY, scope("api"));
        for (String h : List.of("local", Ids.shortHost())) {
            HostScope s = scope("--host", h, "api");
            assertEquals(HostScope.Kind.LOCAL, s.kind(), h);
            assertEquals(true, s.local());
            assertEquals(false, s.remote());
        }
    }

    @Test
    void aHostTheHostsFileDoesNotNameIsOneLineAndNoScope() {
        assertNull(scope("--host", "r9\u001b[31m", "api"));
        String line = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, line.lines().count(), line);
        assertEquals("fleet: --host r9[31m: not a host of the hosts file (it names none; 'local' is this machine)", line.strip());
    }
}
