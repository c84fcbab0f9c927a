package dev.fleet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.daemon.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon serves every command the command table marks as served, by the table's own handler, with
 * no help from the cli: the ls table, switch, next, watch, peek, pick and send, their plain forms only.
 */
class TableOpsTest {
    @Test
    void theTablesServedCommandsAnswerOnTheDaemonsPicture(@TempDir java.nio.file.Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            int pid = f.agent("webfront", "waiting");
            f.start(new PictureKeeper.Timing(Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(30)),
                    TableOps.all());
            assertEquals(List.of("table", "switch", "watch", "next", "peek", "pick", "send"), List.copyOf(TableOps.all().keySet()));

            Map<String, Object> table = f.call(DaemonFixture.req("op", "table", "tty", false, "env", Map.of("HOME", tmp.toString())));
            assertEquals(0L, table.get("exit"), table.toString());
            assertTrue(((String) table.get("stdout")).startsWith("NAME "), table.toString());
            assertTrue(((String) table.get("stdout")).contains("webfront") && ((String) table.get("stdout")).contains(Integer.toString(pid)),
                    table.toString());

            // the agent is in no tmux pane or terminal: the plan is empty, exit 4, as the direct path says
            Map<String, Object> sw = f.call(DaemonFixture.req("op", "switch", "args", List.of("--dry-run", "webfront"), "env", Map.of()));
            assertEquals(4L, sw.get("exit"), sw.toString());
            assertTrue(((String) sw.get("stderr")).startsWith("fleet: webfront (pid " + pid + ") is in no tmux pane"), sw.toString());
            Map<String, Object> miss = f.call(DaemonFixture.req("op", "switch", "args", List.of("zzz-nothing"), "env", Map.of()));
            assertEquals(1L, miss.get("exit"), miss.toString());

            // watch and pick, served with no lane form, read their arguments all the same: the query, --with
            Map<String, Object> watch = f.call(DaemonFixture.req("op", "watch", "args", List.of("--json", "--", "webfront"), "env", Map.of()));
            assertEquals(4L, watch.get("exit"), watch.toString());
            assertTrue(((String) watch.get("stderr")).startsWith("fleet: webfront (pid " + pid + ") is in no tmux pane"), watch.toString());
            Map<String, Object> pick = f.call(DaemonFixture.req("op", "pick", "args", List.of("--json", "--with", "zzz"), "env", Map.of()));
            assertEquals(2L, pick.get("exit"), pick.toString());
            assertTrue(((String) pick.get("stderr")).startsWith("fleet: unknown picker 'zzz'"), pick.toString());

            Map<String, Object> next = f.call(DaemonFixture.req("op", "next", "args", List.of("-n"), "env", Map.of()));
            assertEquals(4L, next.get("exit"), "next chose the waiting agent: " + next);

            for (Map<String, Object> bad : List.of(DaemonFixture.req("op", "switch", "env", Map.of()),
                    DaemonFixture.req("op", "switch", "args", List.of("--help")),
                    DaemonFixture.req("op", "next", "args", List.of("a-word")),
                    DaemonFixture.req("op", "switch", "args", List.of(1)))) {
                Map<String, Object> r = f.call(bad);
                assertEquals(false, r.get("ok"), bad + " -> " + r);
                assertEquals(Protocol.BAD_REQUEST, ((Map<?, ?>) r.get("error")).get("code"), bad + " -> " + r);
            }
        }
    }
}
