package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command tree, completion and the man page are the command table's: every command registered by
 * any module, and every subcommand, is in {@code fleet --help}'s list in the table's order, in the bash
 * and fish scripts and in fleet(1); a hidden hook is in none of them.
 */
class CompletionTableTest {
    /** "ls", "daemon", "daemon status", … : every visible command of the table and its subcommands. */
    static List<String> tablePaths() {
        List<String> out = new ArrayList<>();
        for (Command c : CommandTable.all()) if (!c.spec().hidden()) add("", c, out);
        return out;
    }

    private static void add(String parent, Command c, List<String> out) {
        String path = parent.isEmpty() ? c.spec().name() : parent + " " + c.spec().name();
        out.add(path);
        for (Command sub : c.subcommands()) add(path, sub, out);
    }

    @Test
    void theTreeIsTheTableInItsOrderThenHelp() {
        List<String> expected = new ArrayList<>();
        for (Command c : CommandTable.all()) if (!c.spec().hidden()) expected.add(c.spec().name());
        expected.add("help");
        assertEquals(expected, new ArrayList<>(FleetCommand.commandLine().getSubcommands().keySet()));
        // the order fleet --help has always listed, with every module's commands in it
        assertEquals(List.of("ls", "status", "switch", "watch", "next", "peek", "pick", "send", "web", "doctor", "workspace", "daemon", "label", "demo", "completion", "help"), expected);
        assertEquals(new ArrayList<>(CompletionCommand.paths(FleetCommand.commandLine()).keySet()).subList(1, tablePaths().size() + 1),
                tablePaths(), "every subcommand of the table in the tree, in order");
    }

    @Test
    void completionAndTheManPageCoverEveryCommandAndSubcommand() {
        CommandLine root = FleetCommand.commandLine();
        String bash = CompletionCommand.bash(root), fish = CompletionCommand.fish(root), man = ManPage.render(root);
        for (String path : tablePaths()) {
            assertTrue(bash.contains("    '" + path + "') "), "bash completion has no case for '" + path + "'");
            assertTrue(man.contains(".SS \"fleet " + ManPage.esc(path) + "\""), "fleet(1) has no section for 'fleet " + path + "'");
            String name = path.substring(path.lastIndexOf(' ') + 1);
            String parent = path.contains(" ") ? "__fish_seen_subcommand_from " + path.substring(0, path.lastIndexOf(' ')) : "__fish_use_subcommand";
            assertTrue(fish.contains("complete -c fleet -n '" + parent + "' -a '" + name + "'"), "fish completion does not offer '" + path + "'");
        }
        assertTrue(tablePaths().containsAll(List.of("workspace open", "workspace status", "daemon run", "daemon install")), tablePaths().toString());
    }

    @Test
    void aHiddenHookIsInNoHelpCompletionOrPage() {
        Command hook = CommandTable.find("__complete");
        assertTrue(hook != null && hook.spec().hidden(), "the completion scripts' hook is a hidden table command");
        CommandLine root = FleetCommand.commandLine();
        assertFalse(root.getSubcommands().containsKey("__complete"));
        assertFalse(CompletionCommand.bash(root).contains("'__complete')"));
        assertFalse(ManPage.render(root).contains("\\_\\_complete") || ManPage.render(root).contains("fleet __complete\""));
    }
}
