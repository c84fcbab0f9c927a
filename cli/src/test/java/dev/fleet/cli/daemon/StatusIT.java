package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testguard.TestDirs;
import dev.fleet.testkit.StandInAgent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet status} against stand-in agents (real processes with real session files), with a real
 * daemon process and without one: the line and {@code --json}; {@code --follow} in the bars' formats as
 * an agent goes busy → waiting → idle, each line read as the bar reads it; a bar that closes its end;
 * a daemon that is not there or goes away.
 */
class StatusIT {
    @TempDir
    Path tmp;
    Path runtime;
    Map<String, String> env;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void dirs() throws Exception {
        runtime = Files.createTempDirectory(Path.of("/tmp"), "fst-"); // short: socket paths are limited
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        env = LauncherCopy.userEnv(tmp, config, runtime);
        env.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        env.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString()); // no tmux server: its socket dir does not exist
    }

    @AfterEach
    void clean() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
    }

    private Path configDir() {
        return Path.of(env.get("CLAUDE_CONFIG_DIR"));
    }

    private StandInAgent agent(String name, String state, long sinceMillisAgo) throws Exception {
        return StandInAgent.builder(configDir()).cwd(Files.createDirectories(tmp.resolve(name))).field("name", name)
                .status(state).statusUpdatedAt(System.currentTimeMillis() - sinceMillisAgo).start();
    }

    private Exec.Result fleet(Map<String, String> extra, String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.putAll(extra);
        return FleetProcess.run(e, args);
    }

    private static final Map<String, String> NO_DAEMON = Map.of("FLEET_NO_DAEMON", "1");
    /** A fall back to the direct scan is an error (exit 5): the daemon's list was used. */
    private static final Map<String, String> DAEMON_ONLY = Map.of("FLEET_DAEMON_REQUIRED", "1");

    @Test
    void theLineAndJsonAreTheSameWithAndWithoutTheDaemon() throws Exception {
        Exec.Result none = fleet(NO_DAEMON, "status");
        assertEquals(0, none.exit(), none.err());
        assertEquals("0 waiting · 0 busy · 0 idle\n", none.out());

        try (StandInAgent api = agent("api", "waiting", 185_000); StandInAgent web = agent("web", "waiting", 20_000);
             StandInAgent b1 = agent("build", "busy", 0); StandInAgent b2 = agent("docs", "busy", 0);
             StandInAgent idle = agent("chat", "idle", 0)) {
            Exec.Result direct = fleet(NO_DAEMON, "status");
            assertEquals(0, direct.exit(), direct.err());
            assertEquals("2 waiting · 2 busy · 1 idle — api waiting 3m\n", direct.out());
            Map<String, Object> json = Json.parseObject(fleet(NO_DAEMON, "status", "--json").out());
            assertStatusJson(json, api, web);

            try (DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
                Exec.Result served = fleet(DAEMON_ONLY, "status");
                assertEquals(0, served.exit(), served.err());
                assertEquals(direct.out(), served.out(), "the same line from the daemon's list");
                Exec.Result servedJson = fleet(DAEMON_ONLY, "status", "--json");
                assertEquals(0, servedJson.exit(), servedJson.err());
                assertStatusJson(Json.parseObject(servedJson.out()), api, web);
            }
        }
    }

    private static void assertStatusJson(Map<String, Object> json, StandInAgent longest, StandInAgent next) {
        assertEquals(2, ((Number) json.get("waiting")).intValue(), json.toString());
        assertEquals(2, ((Number) json.get("busy")).intValue());
        assertEquals(1, ((Number) json.get("idle")).intValue());
        assertEquals(0, ((Number) json.get("unknown")).intValue());
        List<Object> w = Json.arr(json, "agents_waiting");
        assertEquals(2, w.size());
        StandInAgent[] order = {longest, next};
        for (int i = 0; i < 2; i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) w.get(i);
            assertEquals(order[i].sessionId(), a.get("session_id"));
            assertEquals(order[i].pid(), ((Number) a.get("pid")).intValue());
            assertEquals(order[i].fields().get("cwd"), a.get("cwd"));
            assertEquals(order[i].fields().get("name"), a.get("name"));
            // when the agent started waiting, as its session file says (to the second: the daemon's own clock may differ by ms)
            long since = ((Number) a.get("waiting_since")).longValue();
            long file = ((Number) order[i].fields().get("statusUpdatedAt")).longValue();
            assertTrue(Math.abs(since - file) < 2000, "waiting_since " + since + " vs the file's " + file);
        }
    }

    /** {@code fleet status --follow …} as a bar runs it: stdout read line by line, stderr to a file. */
    private final class Follower {
        final Process process;
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Path err;

        Follower(String... args) throws Exception {
            this(true, args);
        }

        /** {@code reader}: a thread reads the lines into {@link #lines}; else the test reads stdout itself. */
        Follower(boolean reader, String... args) throws Exception {
            List<String> argv = new ArrayList<>(List.of("status", "--follow"));
            argv.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(DaemonProcess.java(argv.toArray(String[]::new)));
            Map<String, String> all = new HashMap<>(TestDirs.isolatedEnv());
            all.putAll(env);
            all.forEach((k, v) -> {
                if (v == null) pb.environment().remove(k);
                else pb.environment().put(k, v);
            });
            err = Files.createTempFile(tmp, "follow", ".err");
            pb.redirectError(err.toFile());
            process = pb.start();
            started.add(process);
            if (!reader) return;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (java.io.IOException e) {
                    // the test closed it
                }
            }, "status-follow-reader");
            t.setDaemon(true);
            t.start();
        }

        String next() throws Exception {
            String l = lines.poll(15, TimeUnit.SECONDS);
            assertNotNull(l, "no update within 15 s; stderr: " + Files.readString(err));
            return l;
        }
    }

    @Test
    void followStreamsOneUpdatePerChangeForWaybarAndI3bar() throws Exception {
        try (StandInAgent api = agent("api", "busy", 0); StandInAgent web = agent("web", "idle", 0);
             DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
            Follower waybar = new Follower("--format", "waybar");
            Follower i3bar = new Follower("--format", "i3bar");
            assertEquals("{\"version\":1}", i3bar.next(), "the i3bar header");
            assertEquals("[", i3bar.next(), "the opening of i3bar's endless array");

            List<Map<String, Object>> wb = new ArrayList<>();
            List<Map<String, Object>> i3 = new ArrayList<>();
            wb.add(Json.parseObject(waybar.next()));
            i3.add(block(i3bar.next(), true));
            api.setStatus("waiting");
            wb.add(Json.parseObject(waybar.next()));
            i3.add(block(i3bar.next(), false));
            api.setStatus("idle");
            wb.add(Json.parseObject(waybar.next()));
            i3.add(block(i3bar.next(), false));

            // waybar: class/alt follow the most pressing state; the text is the status line
            assertEquals(List.of("busy", "waiting", "idle"), wb.stream().map(m -> m.get("class")).toList(), wb.toString());
            assertEquals(List.of("busy", "waiting", "idle"), wb.stream().map(m -> m.get("alt")).toList());
            assertEquals("0 waiting · 1 busy · 1 idle", wb.get(0).get("text"));
            assertTrue(((String) wb.get(1).get("text")).startsWith("1 waiting · 0 busy · 1 idle — api waiting "), wb.get(1).toString());
            assertTrue(((String) wb.get(1).get("tooltip")).startsWith("api waiting "), wb.get(1).toString());
            assertEquals("0 waiting · 0 busy · 2 idle", wb.get(2).get("text"));
            // i3bar: urgent exactly while an agent waits
            assertEquals(List.of(false, true, false), i3.stream().map(b -> b.get("urgent")).toList(), i3.toString());
            assertEquals(wb.get(0).get("text"), i3.get(0).get("full_text"));
            assertEquals("0 waiting · 0 busy · 2 idle", i3.get(2).get("full_text"));

            // one update per change: nothing more came (no repeats of the snapshot, no polling)
            Thread.sleep(1000);
            assertTrue(waybar.lines.isEmpty(), "extra waybar lines: " + waybar.lines);
            assertTrue(i3bar.lines.isEmpty(), "extra i3bar lines: " + i3bar.lines);
            assertEquals("", Files.readString(waybar.err));
        }
    }

    /** One status line of the i3bar stream: an array holding fleet's block; every line after the first begins with a comma. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> block(String line, boolean first) {
        assertEquals(!first, line.startsWith(","), "i3bar line " + line);
        List<Object> blocks = (List<Object>) Json.parse(first ? line : line.substring(1));
        assertEquals(1, blocks.size(), line);
        Map<String, Object> b = (Map<String, Object>) blocks.get(0);
        assertEquals("fleet", b.get("name"));
        return b;
    }

    @Test
    void aBarThatClosesItsEndEndsTheFollowerQuietly() throws Exception {
        try (StandInAgent api = agent("api", "busy", 0); DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
            // read in this thread: a read blocked in another thread would keep the pipe open past close()
            Follower tmux = new Follower(false, "--format", "tmux");
            BufferedReader r = new BufferedReader(new InputStreamReader(tmux.process.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("0 waiting · 1 busy · 0 idle", r.readLine());
            r.close();
            api.setStatus("waiting"); // the next update finds no reader
            assertTrue(tmux.process.waitFor(15, TimeUnit.SECONDS), "still running after its reader closed");
            assertEquals(0, tmux.process.exitValue());
            assertEquals("", Files.readString(tmux.err));
        }
    }

    @Test
    void followNeedsTheDaemonAndEndsWhenItGoes() throws Exception {
        Exec.Result none = fleet(Map.of(), "status", "--follow", "--format", "json");
        assertEquals(5, none.exit(), none.err());
        assertEquals(1, none.err().lines().count(), none.err());
        assertTrue(none.err().startsWith("fleet: --follow needs the daemon ('fleet daemon start'): "), none.err());
        assertEquals("", none.out());

        try (StandInAgent api = agent("api", "waiting", 0)) {
            DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"));
            Follower json = new Follower("--format", "json");
            Map<String, Object> first = Json.parseObject(json.next());
            assertEquals(1, ((Number) first.get("waiting")).intValue(), first.toString());
            d.close();
            assertTrue(json.process.waitFor(15, TimeUnit.SECONDS), "still running after the daemon stopped");
            assertEquals(5, json.process.exitValue());
            String err = Files.readString(json.err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("fleet: --follow: the daemon went away"), err);
        }
    }
}
