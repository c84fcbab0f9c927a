package dev.fleet.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What each picker is given and how its answer is read (the pickers' own output formats). */
class PickerTest {
    private final List<String> pids = List.of("101", "202");
    private final List<String> display = List.of("api  waiting 3m  tmux x:%1  pid 101", "web  idle 1h  tmux x:%2  pid 202");

    @Test
    void fzfGetsThePidColumnAndAnswersWithTheKeyLineThenTheChosenLine() {
        assertEquals("101\t" + display.get(0) + "\n202\t" + display.get(1) + "\n", Picker.FZF.input(pids, display));
        assertEquals(Optional.of(new Picker.Choice(1, false)), Picker.FZF.parse(0, "\n202\t" + display.get(1) + "\n", pids, display));
        assertEquals(Optional.of(new Picker.Choice(0, true)), Picker.FZF.parse(0, "alt-enter\n101\t" + display.get(0) + "\n", pids, display));
        assertEquals(Optional.empty(), Picker.FZF.parse(130, "", pids, display)); // Esc
    }

    @Test
    void fzfPreviewsWithPeekOfThePidAndTheFleetPathQuoted() {
        List<String> argv = Picker.FZF.argv(Path.of("/opt/my fleet/fleet"));
        assertTrue(argv.contains("--preview='/opt/my fleet/fleet' peek {1}"), argv.toString());
    }

    @Test
    void rofiAnswersByIndexAndExitTenIsSend() {
        assertEquals(Optional.of(new Picker.Choice(1, false)), Picker.ROFI.parse(0, "1\n", pids, display));
        assertEquals(Optional.of(new Picker.Choice(0, true)), Picker.ROFI.parse(10, "0\n", pids, display));
        assertEquals(Optional.empty(), Picker.ROFI.parse(1, "", pids, display));
    }

    @Test
    void dmenuAnswersWithTheLineItself() {
        assertEquals(Optional.of(new Picker.Choice(1, false)), Picker.DMENU.parse(0, display.get(1) + "\n", pids, display));
        assertEquals(Optional.empty(), Picker.DMENU.parse(0, "something typed\n", pids, display));
    }
}
