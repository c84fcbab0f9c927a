package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The names in the services files' comments ({@code dev.fleet.commands.LsCommand # ls}), which
 * {@link CommandTable#find} trusts to make only the command asked for: every line of every module's file
 * (all modules are on this module's class path) says its command's true name, and find gives each command.
 */
class CommandIndexTest {
    /** Every line of every {@code META-INF/services/dev.fleet.commands.Command} on the class path, with its file. */
    private static List<String[]> lines() throws Exception {
        List<String[]> out = new ArrayList<>();
        for (URL u : Collections.list(CommandIndexTest.class.getClassLoader().getResources("META-INF/services/" + Command.class.getName()))) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(u.openStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) if (!l.isBlank()) out.add(new String[] {u.toString(), l});
            }
        }
        return out;
    }

    @Test
    void everyCommentIsItsCommandsName() throws Exception {
        int named = 0;
        for (String[] fl : lines()) {
            String line = fl[1];
            int hash = line.indexOf('#');
            assertTrue(hash > 0, fl[0] + ": no '# name' comment on " + line);
            String cls = line.substring(0, hash).trim();
            String name = line.substring(hash + 1).trim();
            Command c = Class.forName(cls).asSubclass(Command.class).getConstructor().newInstance();
            assertEquals(c.spec().name(), name, fl[0] + ": " + line);
            named++;
        }
        assertTrue(named >= 15, "the services files of commands, cli, daemon, workspace, hosts and web: " + named);
    }

    @Test
    void findGivesEveryCommandOfTheTable() {
        for (Command c : CommandTable.all()) {
            Command f = CommandTable.find(c.spec().name());
            assertEquals(c.getClass(), f == null ? null : f.getClass(), c.spec().name());
        }
        assertEquals(null, CommandTable.find("lss"));
    }
}
