package dev.fleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RequireTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty("fleet.ci");
    }

    @AfterEach
    void restore() {
        if (saved == null) System.clearProperty("fleet.ci");
        else System.setProperty("fleet.ci", saved);
    }

    @Test
    void missingToolSkipsOutsideCi() {
        System.setProperty("fleet.ci", "");
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> Require.tool("fleet-no-such-tool-zz"));
        assertTrue(e.getMessage().contains("fleet-no-such-tool-zz"), e.getMessage());
    }

    @Test
    void missingToolFailsInCiNamingToolAndInstall() {
        System.setProperty("fleet.ci", "true");
        AssertionError e = assertThrows(AssertionError.class, () -> Require.tool("fleet-no-such-tool-zz"));
        assertTrue(e.getMessage().contains("fleet-no-such-tool-zz"), e.getMessage());
        assertTrue(e.getMessage().contains("install fleet-no-such-tool-zz"), e.getMessage());
        assertEquals("apt-get install kitty", Require.installHint("kitty"));
        assertEquals("apt-get install x11-utils", Require.installHint("xprop"));
    }

    @Test
    void anyTruthyCiValueTurnsSkipsIntoFailures() {
        for (String v : new String[] {"1", "true", "TRUE", "yes", "Yes", " on "}) {
            System.setProperty("fleet.ci", v);
            assertTrue(Require.ci(), "CI=" + v);
            assertThrows(AssertionError.class, () -> Require.tool("fleet-no-such-tool-zz"), "CI=" + v);
        }
        for (String v : new String[] {"", "0", "false", "no", "off"}) {
            System.setProperty("fleet.ci", v);
            assertTrue(!Require.ci(), "CI=" + v);
            assertThrows(TestAbortedException.class, () -> Require.tool("fleet-no-such-tool-zz"), "CI=" + v);
        }
    }

    @Test
    void presentToolIsReturned() {
        Path sh = Require.tool("sh");
        assertTrue(Files.isExecutable(sh));
    }

    @Test
    void claudeCodeIsThePinnedNativeBinary() {
        Path claude = Require.claudeCode();
        assertTrue(Files.isExecutable(claude), claude.toString());
        assertTrue(claude.startsWith(ClaudeCode.installDir()), claude.toString());
        dev.fleet.core.exec.Exec.Result r = dev.fleet.core.exec.Exec.withTimeout(java.time.Duration.ofSeconds(30))
                .run(java.util.List.of(claude.toString(), "--version"), ClaudeCode.QUIET_ENV, null);
        assertTrue(r.ok() && r.out().contains(ClaudeCode.VERSION), r.out() + r.err());
    }
}
