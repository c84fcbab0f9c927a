package dev.fleet.daemon;

import dev.fleet.core.daemon.Protocol;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.core.claude.Agent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hotkey pressed right after an agent started: its session file is on disk, but the daemon's picture
 * has not taken it in yet (the watch's debounce here is 30 s, standing for a loaded machine). The op must
 * still find it, as the direct path would, instead of answering "no agent matches".
 */
class DaemonFreshPictureTest {
    /** exit 0 when an agent of that name is in the picture it is given, else exit 1 (as switch does). */
    private static Map<String, Object> pick(Map<String, Object> req, List<Agent> picture) {
        String name = (String) ((List<?>) req.get("args")).get(0);
        boolean found = picture.stream().anyMatch(a -> name.equals(a.claudeName()));
        Map<String, Object> r = Protocol.ok();
        r.put("exit", found ? 0 : 1);
        r.put("stdout", found ? name + "\n" : "");
        r.put("stderr", found ? "" : "fleet: no agent matches \"" + name + "\"\n");
        return r;
    }

    @Test
    void anAgentWhoseFileTheDaemonHasNotReadYetIsFound(@TempDir Path tmp) throws Exception {
        try (DaemonFixture f = new DaemonFixture(tmp)) {
            f.agent("early", "idle");
            f.start(new PictureKeeper.Timing(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(60)),
                    Map.of("pick", DaemonFreshPictureTest::pick));
            f.agent("justnow", "idle"); // the watch sees it, but will not read it for 30 s

            Map<String, Object> r = f.call(DaemonFixture.req("op", "pick", "args", List.of("justnow")));
            assertEquals(0L, ((Number) r.get("exit")).longValue(), "the agent started a moment ago is found: " + r);

            Map<String, Object> none = f.call(DaemonFixture.req("op", "pick", "args", List.of("nosuch")));
            assertEquals(1L, ((Number) none.get("exit")).longValue(), "a query that matches nothing still says so: " + none);
        }
    }
}
