package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ops of the command table's served commands (switch, next, table…), which the daemon serves by
 * running their handlers, are exactly the sections of docs/protocol.md marked "Served by: table". The
 * daemon's {@code ProtocolDocTest} checks the rest of the document.
 */
class ProtocolDocOpsTest {
    static Path repoRoot() {
        String p = System.getProperty("fleet.repo");
        if (p != null && !p.isBlank() && Files.isRegularFile(Path.of(p, "docs", "protocol.md"))) return Path.of(p);
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/protocol.md"))) return d;
        }
        return fail("docs/protocol.md not found (fleet.repo=" + p + ", working dir " + Path.of("").toAbsolutePath() + ")");
    }

    /** The ops under "## Ops" whose "### `op`" section says "Served by: table". */
    static Set<String> cliSections(String doc) {
        Matcher ops = Pattern.compile("(?m)^## Ops\\s*$").matcher(doc);
        if (!ops.find()) fail("docs/protocol.md has no '## Ops' section");
        Matcher next = Pattern.compile("(?m)^## ").matcher(doc);
        String section = doc.substring(ops.end(), next.find(ops.end()) ? next.start() : doc.length());
        Set<String> out = new TreeSet<>();
        // each op's heading, then (before the next heading) its "Served by:" line
        Matcher h = Pattern.compile("(?m)^### `([^`]+)`\\s*$((?:(?!^### )[\\s\\S])*)").matcher(section);
        while (h.find()) {
            Matcher by = Pattern.compile("(?m)^Served by: (\\w+)").matcher(h.group(2));
            if (!by.find()) fail("section '### `" + h.group(1) + "`' has no 'Served by:' line");
            if (by.group(1).equals("table")) out.add(h.group(1));
        }
        return out;
    }

    static Set<String> daemonOps() {
        Set<String> out = new TreeSet<>();
        for (dev.fleet.commands.Command c : dev.fleet.commands.CommandTable.served()) out.add(c.spec().servedOp());
        return out;
    }

    @Test
    void theCliOpsAreTheDocumentsCliSections() throws Exception {
        String doc = Files.readString(repoRoot().resolve("docs/protocol.md"), StandardCharsets.UTF_8);
        Set<String> code = daemonOps();
        assertFalse(code.isEmpty(), "the command table serves no op");
        assertEquals(code, cliSections(doc),
                "the served ops of the command table and the sections of docs/protocol.md marked 'Served by: table'");
    }

    /** The "### `op`" section's text, up to the next "### " or "## " heading. */
    static String opSection(String doc, String op) {
        Matcher h = Pattern.compile("(?m)^### `" + Pattern.quote(op) + "`\\s*$").matcher(doc);
        if (!h.find()) fail("docs/protocol.md has no '### `" + op + "`' section");
        Matcher next = Pattern.compile("(?m)^##").matcher(doc);
        return doc.substring(h.end(), next.find(h.end()) ? next.start() : doc.length());
    }

    /** The fields of the section's "| `field` | type | … |" request table. */
    static Set<String> requestFields(String section) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(section);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /**
     * Each served op's documented request fields are what its client sends (the table's lane form):
     * {@code args} for a command served with its arguments (or with no lane form: its handler asks), {@code tty} for one served bare, {@code env}
     * for both; a section that documents its own fields names every option of the command's spec.
     */
    @Test
    void eachServedOpsFieldsAndOptionsAreTheTables() throws Exception {
        String doc = Files.readString(repoRoot().resolve("docs/protocol.md"), StandardCharsets.UTF_8);
        for (dev.fleet.commands.Command c : dev.fleet.commands.CommandTable.served()) {
            String op = c.spec().servedOp();
            String section = opSection(doc, op);
            Set<String> fields = requestFields(section);
            if (fields.isEmpty()) {
                assertTrue(section.matches("(?s).*as for\\s+`switch`.*"), "'" + op + "' documents no request fields and refers to no other op");
                continue;
            }
            // no lane form (watch, pick): only their own handlers ask, with their arguments
            boolean withArgs = c.spec().lane().isEmpty() || c.spec().lane().stream().anyMatch(dev.fleet.commands.LaneForm::forwardsArgs);
            Set<String> expected = new TreeSet<>(Set.of("env", withArgs ? "args" : "tty"));
            assertEquals(expected, fields, "the request fields of '" + op + "' in docs/protocol.md");
            if (withArgs) {
                for (dev.fleet.commands.OptionSpec o : c.spec().options()) {
                    for (String n : o.names()) {
                        assertTrue(section.contains("`" + n) || section.contains("/" + n + "`") || section.contains("`" + n + "`"),
                                "'" + op + "' in docs/protocol.md does not name the option " + n);
                    }
                }
            }
        }
    }

    /**
     * The {@code fleet.lane} example under "What the launcher sends" lists exactly the lane forms of the
     * whole command table — every module's commands, not only those of the commands module — each going
     * to an op the document has a section for.
     */
    @Test
    void theLaneFormsDocumentedAreEveryCommandsOfTheTable() throws Exception {
        String doc = Files.readString(repoRoot().resolve("docs/protocol.md"), StandardCharsets.UTF_8);
        java.util.List<String> table = new java.util.ArrayList<>();
        for (dev.fleet.commands.Command c : dev.fleet.commands.CommandTable.all()) {
            for (dev.fleet.commands.LaneForm f : c.spec().lane()) {
                String argv = f.forwardsArgs() ? "*" : f.argv().isEmpty() ? "-" : f.argv();
                String kind = f.forwardsArgs() ? "args" : f.op().equals(c.spec().servedOp()) ? "tty" : "plain";
                table.add("form " + c.spec().name() + " " + argv + " " + f.op() + " " + kind);
                opSection(doc, f.op()); // fails when the op has no section
            }
        }
        java.util.List<String> documented = doc.lines().filter(l -> l.startsWith("form ")).toList();
        assertEquals(table, documented, "the lane forms of the command table and the 'form' lines of docs/protocol.md");
        assertTrue(dev.fleet.commands.CommandTable.all().size() > 3, "the table holds every module's commands");
    }
}
