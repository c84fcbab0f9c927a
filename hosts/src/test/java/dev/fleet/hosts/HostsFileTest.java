package dev.fleet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostsFileTest {
    @Test
    void oneDestinationPerLineCommentsAndAFleetCommand() {
        List<String> warnings = new ArrayList<>();
        List<HostsFile.Entry> e = HostsFile.parse("""
                # my machines
                box            # the desk one
                me@build  /opt/fleet/fleet --debug

                -oProxyCommand=touch_x
                two\u0007bell
                box
                """, "hosts", warnings::add);
        assertEquals(List.of(HostsFile.Entry.of("box"), new HostsFile.Entry("me@build", List.of("/opt/fleet/fleet", "--debug"))), e);
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("hosts:5: host name '-oProxyCommand=touch_x' starts with '-'"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("hosts:6: "), warnings.get(1));
        assertTrue(warnings.get(2).contains("box is listed twice"), warnings.get(2));
        for (String w : warnings) assertTrue(!w.contains("\n") && !w.contains("\u0007"), "one printable line: " + w);
    }
}
