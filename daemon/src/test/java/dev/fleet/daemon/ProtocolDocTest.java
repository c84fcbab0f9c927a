package dev.fleet.daemon;

import dev.fleet.core.daemon.Protocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fleet.commands.CommandTable;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md against the code: every op of {@link DaemonServer#OPS} has its section and no section
 * names an op nobody serves (the daemon's own: {@link Protocol#DAEMON_OPS}; the command table's served ones), the error table is {@link Protocol}'s error codes, and the version, the
 * size limits, the server's default limits and the forwarded variables (the command table's) are the code's.
 */
class ProtocolDocTest {
    private static Path repo;
    private static String doc;

    @BeforeAll
    static void read() throws IOException {
        repo = repoRoot();
        doc = Files.readString(repo.resolve("docs/protocol.md"), StandardCharsets.UTF_8);
    }

    /** The repository root: -Dfleet.repo (set by surefire), else the first parent of the working dir with docs/protocol.md. */
    static Path repoRoot() {
        String p = System.getProperty("fleet.repo");
        if (p != null && !p.isBlank() && Files.isRegularFile(Path.of(p, "docs", "protocol.md"))) return Path.of(p);
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/protocol.md"))) return d;
        }
        return fail("docs/protocol.md not found (fleet.repo=" + p + ", working dir " + Path.of("").toAbsolutePath() + ")");
    }

    /** The text of the "## title" section, up to the next "## " heading. */
    static String section(String text, String title) {
        Matcher m = Pattern.compile("(?m)^## " + Pattern.quote(title) + "\\s*$").matcher(text);
        if (!m.find()) fail("docs/protocol.md has no '## " + title + "' section");
        Matcher next = Pattern.compile("(?m)^## ").matcher(text);
        int end = next.find(m.end()) ? next.start() : text.length();
        return text.substring(m.end(), end);
    }

    /** The op sections: "### `op`" under "## Ops", each with the word after "Served by:" (core or cli). */
    static Map<String, String> opSections(String text) {
        String ops = section(text, "Ops");
        Map<String, String> out = new LinkedHashMap<>();
        Matcher h = Pattern.compile("(?m)^### `([^`]+)`\\s*$").matcher(ops);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (h.find()) {
            names.add(h.group(1));
            spans.add(new int[] {h.start(), h.end()});
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : ops.length();
            String body = ops.substring(spans.get(i)[1], end);
            Matcher s = Pattern.compile("(?m)^Served by: (\\w+)").matcher(body);
            if (!s.find()) fail("section '### `" + names.get(i) + "`' says nothing like 'Served by: core' or 'Served by: cli'");
            if (out.put(names.get(i), s.group(1)) != null) fail("two sections for op '" + names.get(i) + "'");
        }
        return out;
    }

    @Test
    void everyOpOfTheCodeHasASectionAndEverySectionAnOp() {
        Map<String, String> sections = opSections(doc);
        assertFalse(sections.isEmpty(), "no '### `op`' sections under '## Ops'");
        Set<String> missing = new TreeSet<>(DaemonServer.OPS);
        missing.removeAll(sections.keySet());
        assertTrue(missing.isEmpty(), "ops in DaemonServer.OPS without a '### `op`' section in docs/protocol.md: " + missing);
        Set<String> table = new TreeSet<>();
        for (Map.Entry<String, String> e : sections.entrySet()) {
            String op = e.getKey(), by = e.getValue();
            assertTrue(by.equals("daemon") || by.equals("table"), "'" + op + "': 'Served by: " + by + "' (daemon or table)");
            if (by.equals("daemon")) {
                assertTrue(Protocol.DAEMON_OPS.contains(op), "docs/protocol.md documents op '" + op + "' as served by the daemon, but Protocol.DAEMON_OPS has no such op");
            } else {
                table.add(op);
            }
        }
        // This module's class path holds only part of the command table (not hosts' `clients`, say): here every
        // served op it sees must have its section; cli's ProtocolDocOpsTest, with every module, checks equality.
        Set<String> served = new TreeSet<>();
        for (dev.fleet.commands.Command c : dev.fleet.commands.CommandTable.served()) served.add(c.spec().servedOp());
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(table);
        assertTrue(undocumented.isEmpty(), "served ops of the command table without a 'Served by: table' section in docs/protocol.md: " + undocumented);
    }

    /** Every String constant of Protocol is an error code. */
    static Set<String> errorCodes() throws IllegalAccessException {
        Set<String> codes = new TreeSet<>();
        for (Field f : Protocol.class.getFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class) codes.add((String) f.get(null));
        }
        return codes;
    }

    /** The codes in the first column of the table under "## Error codes". */
    static Set<String> documentedErrorCodes(String text) {
        Set<String> codes = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(section(text, "Error codes"));
        while (m.find()) {
            if (!codes.add(m.group(1))) fail("error code '" + m.group(1) + "' is listed twice");
        }
        return codes;
    }

    @Test
    void theErrorTableIsTheCodesErrorCodes() throws Exception {
        Set<String> code = errorCodes(), documented = documentedErrorCodes(doc);
        assertTrue(code.size() >= 10, "error codes found by reflection: " + code);
        Set<String> missing = new TreeSet<>(code);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(code);
        assertTrue(missing.isEmpty(), "error codes of Protocol missing from the table in docs/protocol.md: " + missing);
        assertTrue(extra.isEmpty(), "docs/protocol.md lists error codes Protocol does not have: " + extra);
    }

    /** Every match of {@code regex}'s group 1, as ints; at least one. */
    static List<Integer> numbers(String text, String regex, String what) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) out.add(Integer.parseInt(m.group(1)));
        if (out.isEmpty()) fail("docs/protocol.md does not state " + what + " (no match for /" + regex + "/)");
        return out;
    }

    static void allEqual(int expected, List<Integer> found, String what) {
        for (int n : found) assertEquals(expected, n, "docs/protocol.md: " + what);
    }

    @Test
    void versionAndSizeLimitsAreTheCodes() {
        allEqual(Protocol.VERSION, numbers(doc, "The protocol version is (\\d+)", "the protocol version"), "the protocol version (Protocol.VERSION)");
        allEqual(Protocol.VERSION, numbers(doc, "\"v\":(\\d+)", "\"v\" in examples"), "\"v\" in an example (Protocol.VERSION)");
        allEqual(Protocol.MAX_REQUEST_BYTES, numbers(doc, "(?<!lane )request line holds at most (\\d+) bytes", "the socket's line limit"),
                "the socket's request line limit (Protocol.MAX_REQUEST_BYTES)");
        allEqual(Protocol.MAX_REQUEST_BYTES, numbers(doc, "the request line is longer than (\\d+) bytes", "too_large's limit"),
                "too_large's limit in the error table (Protocol.MAX_REQUEST_BYTES)");
        allEqual(FifoLane.MAX_LINE, numbers(doc, "lane request line holds at most (\\d+) bytes", "the lane's line limit"),
                "the FIFO lane's line limit (FifoLane.MAX_LINE)");
        allEqual(FifoLane.MAX_LINE, numbers(doc, "line is longer than (\\d+) bytes \\(it is dropped", "the lane's dropped-line limit"),
                "the FIFO lane's line limit (FifoLane.MAX_LINE)");
    }

    @Test
    void theServersDefaultLimitsAreTheCodes() {
        DaemonServer.Limits l = DaemonServer.Limits.defaults();
        allEqual((int) l.idleTimeout().toMillis(), numbers(doc, "(\\d+) ms \\(the idle timeout", "the idle timeout"), "the idle timeout (Limits.defaults)");
        allEqual((int) l.idleTimeout().toMillis(), numbers(doc, "within the idle timeout \\((\\d+) ms\\)", "timeout's idle timeout"),
                "the idle timeout in the error table (Limits.defaults)");
        allEqual((int) l.heartbeat().toMillis(), numbers(doc, "nothing was sent for (\\d+) ms \\(the heartbeat\\)", "the heartbeat"), "the heartbeat (Limits.defaults)");
        allEqual(l.maxSubscribers(), numbers(doc, "at most (\\d+) subscribers at once", "the subscriber limit"), "the subscriber limit (Limits.defaults)");
        allEqual(l.maxSubscribers(), numbers(doc, "too many subscribers \\((\\d+)\\)", "busy's subscriber limit"), "the subscriber limit (Limits.defaults)");
        allEqual(l.subscriberQueue(), numbers(doc, "a queue of (\\d+) events", "the subscriber queue"), "the subscriber queue (Limits.defaults)");
    }

    @Test
    void theForwardedVariablesAreTheTables() throws IOException {
        // the launcher reads them from the lane file the daemon writes from the table (LaneFile)
        List<String> script = CommandTable.FORWARDED_ENV;
        assertTrue(LaneFile.render().startsWith("env " + String.join(" ", script) + "\n"), LaneFile.render());
        Matcher m = Pattern.compile("(?m)^Forwarded variables: (.*)$").matcher(doc);
        if (!m.find()) fail("docs/protocol.md has no 'Forwarded variables: `A` `B` …' line");
        List<String> documented = new ArrayList<>();
        Matcher v = Pattern.compile("`([^`]+)`").matcher(m.group(1));
        while (v.find()) documented.add(v.group(1));
        assertEquals(script, documented, "the variables the lane and the JVM client forward (CommandTable.FORWARDED_ENV) and the 'Forwarded variables:' line of docs/protocol.md");
    }
}
