package dev.fleet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusStep;
import dev.fleet.core.layer.Attention;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.locate.LocateContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet doctor}'s marks line: which layers mark a waiting agent, and i3's need for xdotool. */
class MarkCheckupTest {
    @TempDir
    Path tmp;

    private final MarkCheckup checkup = new MarkCheckup(new Layers(List.of(layer("tmux", 1), layer("wm", 3))));

    @Test
    void onI3WithoutXdotoolItSaysTheWindowIsNotMarkedAndHowToFixIt() throws Exception {
        List<Finding> f = checkup.check(Map.of("DISPLAY", ":9", "PATH", Files.createDirectories(tmp.resolve("bin")).toString()),
                FleetConfig.empty());
        assertEquals("a waiting agent is marked in tmux, wm", f.get(0).what(), f.toString());
        assertEquals(Finding.Status.WARN, f.get(1).status(), f.toString());
        assertTrue(f.get(1).what().contains("xdotool is not installed"), f.toString());
        assertTrue(f.get(1).fix().contains("mark.wm = off"), f.toString());
    }

    @Test
    void withXdotoolOnPathOrOnSwayThereIsNothingToFix() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path x = Files.writeString(bin.resolve("xdotool"), "#!/bin/sh\n");
        x.toFile().setExecutable(true);
        assertEquals(1, checkup.check(Map.of("DISPLAY", ":9", "PATH", bin.toString()), FleetConfig.empty()).size());
        assertEquals(1, checkup.check(Map.of("DISPLAY", ":9", "SWAYSOCK", "/s", "PATH", tmp.toString()), FleetConfig.empty()).size());
    }

    @Test
    void marksTurnedOffInTheSettingsFileAreListedAsOff() throws Exception {
        Path conf = Files.writeString(tmp.resolve("config"), "mark.wm = off\n");
        List<Finding> f = checkup.check(Map.of("DISPLAY", ":9", "PATH", tmp.toString()), FleetConfig.read(conf, w -> { }));
        assertEquals(1, f.size(), f.toString());
        assertEquals("a waiting agent is marked in tmux; off in the settings file: wm", f.get(0).what());
    }

    private static Layer layer(String id, int depth) {
        return new Layer() {
            @Override public String id() { return id; }
            @Override public int depth() { return depth; }
            @Override public Set<String> hintEnv() { return Set.of(); }
            @Override public List<Agent> locate(LocateContext ctx, List<Agent> agents) { return agents; }
            @Override public List<FocusStep> planFocus(FocusContext ctx, Agent agent) { return List.of(); }
            @Override public List<Finding> probe(LocateContext ctx, List<Agent> agents) { return List.of(); }
            @Override public Optional<Attention> attention() { return Optional.of((ctx, agents) -> { }); }
        };
    }
}
