package dev.fleet.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one fast reader takes switch's and next's plain forms as the old SwitchOptions did, and nothing else. */
class ArgParserTest {
    static Args parse(String... argv) {
        return ArgParser.parse(CommandTable.find(argv[0]).spec(), argv, 1);
    }

    @Test
    void switchTakesItsPlainForms() {
        Args a = parse("switch", "-n", "--json", "--attach", "-v", "--debug", "--tmux-socket", "/s", "--tmux-socket=/t", "my", "agent");
        assertTrue(a.flag("--dry-run") && a.flag("--json") && a.flag("--attach") && a.flag("--verbose") && a.flag("--debug"));
        assertEquals(List.of("/s", "/t"), a.values("--tmux-socket"));
        assertEquals("my agent", a.words());
        assertFalse(parse("switch", "web").flag("--dry-run"));
    }

    @Test
    void anythingUnusualIsLeftToPicocli() {
        assertNull(parse("switch"), "a missing query");
        assertNull(parse("switch", "-h", "web"));
        assertNull(parse("switch", "--help"));
        assertNull(parse("switch", "-nv", "web"), "bundled short flags");
        assertNull(parse("switch", "--dryrun", "web"), "a typo");
        assertNull(parse("switch", "web", "--tmux-socket"), "a missing value");
        assertNull(parse("switch", "--json=1", "web"), "a flag with a value");
        assertNull(parse("switch", "-", "web"));
        assertNull(parse("next", "web"), "next takes no query");
        assertNull(parse("ls", "web"));
        assertEquals("", parse("next", "-n").words());
    }
}
