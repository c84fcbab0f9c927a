package dev.fleet.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatLineTest {
    private static String stat(String comm, long start) {
        return "4242 (" + comm + ") S 77 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 " + start
                + " 1000000 100 18446744073709551615 0 0\n";
    }

    @Test
    void readsPpidAndStartTime() {
        ProcInfo p = StatLine.parse(4242, stat("claude", 23611)).orElseThrow();
        assertEquals(77, p.ppid());
        assertEquals(23611, p.startTicks());
        assertEquals("claude", p.comm());
    }

    @Test
    void commWithSpacesAndParenthesesDoesNotShiftFields() {
        ProcInfo p = StatLine.parse(4242, stat("a) b (c) S 1 2", 99)).orElseThrow();
        assertEquals("a) b (c) S 1 2", p.comm());
        assertEquals(77, p.ppid());
        assertEquals(99, p.startTicks());
    }

    @Test
    void truncatedLineIsRejected() {
        assertTrue(StatLine.parse(1, "1 (init) S 0 1").isEmpty());
        assertTrue(StatLine.parse(1, "garbage").isEmpty());
    }
}
