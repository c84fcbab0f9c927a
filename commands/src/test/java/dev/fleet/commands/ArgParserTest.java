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

    /** A value option given at most once ({@code workspace open --layout}) twice is picocli's error, not the last value. */
    @Test
    void aOnceOnlyOptionGivenTwiceIsLeftToPicocli() {
        Spec spec = Spec.of("x", 0, List.of("X."), List.of(OptionSpec.value("L", "L.", "--layout")), List.of());
        assertEquals("b", ArgParser.parse(spec, new String[] {"x", "--layout=b"}, 1).value("--layout", "a"));
        assertEquals("a", ArgParser.parse(spec, new String[] {"x"}, 1).value("--layout", "a"));
        assertNull(ArgParser.parse(spec, new String[] {"x", "--layout", "a", "--layout", "b"}, 1));
        assertNull(ArgParser.parse(spec, new String[] {"x", "--layout=a", "--layout=b"}, 1));
    }

    /** Every module's commands are in the table, each found by its name. */
    @Test
    void theCommandsModuleRegistersItsCommands() {
        for (String n : List.of("ls", "switch", "next", "doctor", "label")) assertEquals(n, CommandTable.find(n).spec().name());
        assertNull(CommandTable.find("lss"));
    }
}
