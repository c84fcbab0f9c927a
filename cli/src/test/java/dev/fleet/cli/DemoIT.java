package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: {@code fleet demo}, then {@code fleet demo stop}. */
class DemoIT {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void demoStartsFourStandInsListsThemAndStopRemovesEverything() {
        Require.tool("tmux");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        env.put("CLAUDE_CONFIG_DIR", tmp.resolve("real-claude").toString());
        Path[] socket = new Path[1];
        try {
            Exec.Result r = FleetProcess.run(env, "demo");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("waiting 3m") && r.out().contains("busy") && r.out().contains("idle 2h"), r.out());
            assertTrue(r.out().contains("fleet demo stop"), r.out());

            Path cfg = tmp.resolve("state/fleet/demo/claude");
            Map<String, String> demoEnv = new HashMap<>(env);
            demoEnv.put("CLAUDE_CONFIG_DIR", cfg.toString());
            List<Object> agents = (List<Object>) Json.parse(FleetProcess.run(demoEnv, "ls", "--json").out());
            assertEquals(4, agents.size());
            for (Object o : agents) {
                Map<String, Object> a = (Map<String, Object>) o;
                Map<String, Object> tmux = (Map<String, Object>) a.get("tmux");
                assertTrue(tmux != null && ((String) tmux.get("pane_id")).startsWith("%"), a.toString());
            }
            assertEquals(List.of("waiting", "waiting", "busy", "idle"),
                    agents.stream().map(o -> ((Map<String, Object>) o).get("state")).toList());
            // the user's own config dir is untouched
            assertFalse(Files.exists(tmp.resolve("real-claude")));
            socket[0] = Path.of((String) ((Map<String, Object>) ((Map<String, Object>) agents.get(0)).get("tmux")).get("socket"));
        } finally {
            Exec.Result s = FleetProcess.run(env, "demo", "stop");
            assertEquals(0, s.exit(), s.err());
        }
        assertFalse(Files.exists(tmp.resolve("state/fleet/demo")));
        assertFalse(Files.exists(socket[0]), "the demo's tmux socket is removed too");
        assertTrue(FleetProcess.run(env, "demo", "stop").err().contains("no demo is running"));
    }

    /**
     * A new user's environment: empty HOME, TMUX_TMPDIR with no tmux-<uid> in it (tmux never ran), no XDG_*,
     * and no locale (as {@code env -i} or a service manager gives: tmux then escapes tabs in formats).
     */
    private Map<String, String> freshUser() throws Exception {
        Map<String, String> env = new HashMap<>();
        Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("tmux-tmp"));
        env.put("HOME", tmp.resolve("home").toString());
        env.put("TMUX_TMPDIR", tmp.resolve("tmux-tmp").toString());
        for (String v : List.of("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "XDG_DATA_HOME",
                "CLAUDE_CONFIG_DIR", "TMUX", "TMUX_PANE", "LANG", "LC_ALL", "LC_CTYPE", "LANGUAGE")) {
            env.put(v, null);
        }
        return env;
    }

    @Test
    void onAFreshMachineTheDemoMakesTmuxsPrivateDirectoryAndRuns() throws Exception {
        Require.tool("tmux");
        Map<String, String> env = freshUser();
        Path tmuxDir = tmp.resolve("tmux-tmp/tmux-" + dev.fleet.core.util.Ids.uid());
        try {
            Exec.Result r = FleetProcess.run(env, "demo");
            assertEquals(0, r.exit(), r.err());
            for (String name : List.of("api", "web", "docs", "infra")) assertTrue(r.out().contains(name), r.out());
            assertTrue(r.out().contains("waiting 3m") && r.out().contains("idle 2h"), r.out());
            // each stand-in is placed in its tmux pane (WHERE), not "-"
            assertEquals(4, r.out().lines().filter(l -> l.contains(" tmux fleet-demo-")).count(), r.out());
            // made as tmux makes it: a directory of ours, 0700
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(tmuxDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)));
            // and the server really runs there (asked of tmux, not of fleet)
            try (var ds = Files.newDirectoryStream(tmuxDir)) {
                Path sock = ds.iterator().next();
                Exec.Result ls = Exec.withTimeout(java.time.Duration.ofSeconds(5))
                        .run(List.of("tmux", "-S", sock.toString(), "list-panes", "-a", "-F", "#{pane_id}"), Map.of(), null);
                assertEquals(4, ls.out().lines().count(), ls.out() + ls.err());
            }
        } finally {
            Exec.Result s = FleetProcess.run(env, "demo", "stop");
            assertEquals(0, s.exit(), s.err());
        }
    }

    @Test
    void aTmuxDirectoryOpenToOthersIsRefusedWithOneClearLine() throws Exception {
        Require.tool("tmux");
        Map<String, String> env = freshUser();
        Path tmuxDir = tmp.resolve("tmux-tmp/tmux-" + dev.fleet.core.util.Ids.uid());
        Files.createDirectory(tmuxDir);
        Files.setPosixFilePermissions(tmuxDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Exec.Result r = FleetProcess.run(env, "demo");
        assertEquals(5, r.exit(), r.err());
        assertTrue(r.err().contains(tmuxDir + " is open to others") && r.err().contains("chmod 700"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(tmp.resolve("home/.local/state/fleet/demo")), "nothing started, nothing left");
    }

    @Test
    void withoutTmuxTheDemoSaysHowToInstallIt() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        env.put("PATH", tmp.resolve("empty-bin").toString());
        Exec.Result r = FleetProcess.run(env, "demo");
        assertEquals(5, r.exit());
        assertTrue(r.err().contains("fleet demo needs tmux") && r.err().contains("apt-get install tmux"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(tmp.resolve("state/fleet/demo")));
    }
}
