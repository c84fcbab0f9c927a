package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Help reads well at 80 columns (issue 8.7): every description paragraph is a whole sentence, the
 * summary of each command fits on its one line in its parent's command list, and no line is wider
 * than 80 columns, for {@code fleet --help} and every {@code fleet <command> --help}.
 */
class HelpTextTest {
    private static final int WIDTH = 80;

    @Test
    void everyHelpScreenFitsEightyColumnsAndEachCommandListEntryIsOneLine() {
        for (CommandLine c : all(FleetCommand.commandLine())) {
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = c.getCommandSpec().qualifiedName();
            for (String line : help.split("\n")) {
                assertTrue(line.length() <= WIDTH, name + " --help has a line of " + line.length() + " columns: " + line);
            }
            if (c.getSubcommands().isEmpty()) continue;
            // the command list: one line per command, its summary whole (not continued on a second line)
            List<String> list = section(help, "Commands:");
            assertEquals(c.getSubcommands().size(), list.size(), name + " --help command list:\n" + String.join("\n", list));
            for (String line : list) {
                assertTrue(line.matches("  \\S+ +\\S.*[.!?)]"), name + " --help: a summary that is cut or no sentence: " + line);
            }
        }
    }

    @Test
    void everyDescriptionParagraphIsAWholeSentence() {
        for (CommandLine c : all(FleetCommand.commandLine())) {
            String name = c.getCommandSpec().qualifiedName();
            if (c.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) continue; // picocli's own
            for (String t : c.getCommandSpec().usageMessage().description()) {
                assertTrue(t.matches("(?s)[A-Z0-9'$].*[.!?]"), name + ": a paragraph that is no whole sentence: \"" + t + "\"");
            }
            // an option's text may start with a value ("tiled (default), …") but must end its sentence
            List<String> texts = new ArrayList<>();
            c.getCommandSpec().options().forEach(o -> texts.addAll(List.of(o.description())));
            c.getCommandSpec().positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));
            for (String t : texts) assertTrue(t.matches("(?s).*[.!?]"), name + ": an option text that is cut: \"" + t + "\"");
        }
    }

    @Test
    void fleetHelpAsAUserRunsItAtEightyColumns() {
        Map<String, String> env = new HashMap<>();
        env.put("COLUMNS", "80");
        Exec.Result r = FleetProcess.run(env, "--help");
        assertTrue(r.ok() && r.out().contains("Commands:"), r.err() + r.out());
        for (String line : r.out().split("\n")) assertTrue(line.length() <= WIDTH, line);
        // the two cut sentences of issue 8.7 are gone
        assertTrue(!r.out().contains("tmux session,\n") && !r.out().contains("(Claude config dir and\n"), r.out());
        for (String cmd : List.of("ls", "switch", "next", "doctor", "workspace", "daemon", "label", "demo")) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("  " + cmd + " +\\S.*[.)]")), cmd + " in:\n" + r.out());
        }
    }

    /** The lines of a section ("Commands:") up to the next blank line. */
    private static List<String> section(String help, String heading) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : help.split("\n")) {
            if (line.equals(heading)) {
                in = true;
            } else if (in && line.isBlank()) {
                break;
            } else if (in) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<CommandLine> all(CommandLine root) {
        List<CommandLine> out = new ArrayList<>(List.of(root));
        for (CommandLine sub : root.getSubcommands().values()) out.addAll(all(sub));
        return out;
    }
}
