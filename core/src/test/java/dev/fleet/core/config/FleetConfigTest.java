package dev.fleet.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetConfigTest {
    @Test
    void readsKeyValueLinesSkipsMalformedOnesWithOneWarningEach(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("config");
        Files.writeString(f, "# fleet\ndaemon.autostart = off\n\nnotify.waiting=on   # yes\nthis is not a setting\nBad Key = 1\nmark.tmux = maybe\n");
        List<String> warnings = new ArrayList<>();
        FleetConfig c = FleetConfig.read(f, warnings::add);
        assertFalse(c.bool("daemon.autostart", true, warnings::add));
        assertTrue(c.bool("notify.waiting", false, warnings::add));
        assertTrue(c.bool("notify.finished", true, warnings::add), "absent: the default");
        assertTrue(c.bool("mark.tmux", true, warnings::add), "not on/off: the default, with a warning");
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(f + ":5"), warnings.get(0));
        assertTrue(warnings.get(1).contains(f + ":6"), warnings.get(1));
        assertTrue(warnings.get(2).contains("mark.tmux = maybe"), warnings.get(2));
    }

    @Test
    void aMissingFileIsEveryDefaultAndTheFileFollowsXdgConfigHome(@TempDir Path tmp) {
        List<String> warnings = new ArrayList<>();
        FleetConfig c = FleetConfig.load(Map.of("XDG_CONFIG_HOME", tmp.toString(), "HOME", "/nonexistent"), warnings::add);
        assertEquals(tmp.resolve("fleet/config"), c.file());
        assertTrue(c.values().isEmpty());
        assertTrue(warnings.isEmpty());
        assertEquals(Path.of("/home/u/.config/fleet/config"), FleetConfig.path(Map.of("HOME", "/home/u", "XDG_CONFIG_HOME", "relative")));
    }
}
