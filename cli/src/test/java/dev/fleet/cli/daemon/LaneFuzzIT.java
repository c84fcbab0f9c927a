package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.json.Json;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Odd input never stalls the daemon's lane or socket: invalid UTF-8, quotes, backslashes, newlines,
 * control characters and long values — in arguments, in every variable the launcher forwards, and in
 * the runtime directory's own path. Every request gets an answer (an error is one) in a moment, with
 * the exit code the direct path gives; nothing in the input reaches a shell. A stale FIFO named after
 * a live {@code java} that is not the daemon is not taken for it.
 */
class LaneFuzzIT {
    private static final long MOMENT_MS = 4000;
    private static final List<String> FORWARDED = List.of("HOME", "CLAUDE_CONFIG_DIR", "XDG_STATE_HOME", "XDG_CACHE_HOME",
            "DISPLAY", "WAYLAND_DISPLAY", "I3SOCK", "SWAYSOCK", "KITTY_LISTEN_ON", "KITTY_WINDOW_ID", "KITTY_PID", "TMUX",
            "TMUX_PANE", "TMUX_TMPDIR", "NO_COLOR", "TERM", "FLEET_BIN");

    @TempDir
    Path tmp;
    Path runtime;

    @AfterEach
    void clean() throws Exception {
        dev.fleet.testguard.TestDirs.deleteTree(runtime);
    }

    @Test
    // ~200 fleet runs, half of them cold JVMs (the direct path each answer is compared with): past the
    // default 120 s on a loaded 2-core machine; each lane answer still has to come within MOMENT_MS
    @Timeout(420)
    void oddBytesArgumentsAndEnvironmentsAllGetAnAnswerAtOnce() throws Exception {
        Require.tools("tmux", "mkfifo");
        // a quote, a backslash and a space in the runtime directory: it reaches the daemon as data
        runtime = Files.createTempDirectory(Path.of("/tmp"), "ffz\"q\\ ");
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        Map<String, String> env = LauncherCopy.userEnv(tmp, config, runtime);
        LauncherCopy fleet = LauncherCopy.in(tmp.resolve("copy"), true);
        Map<String, String> direct = new HashMap<>(env);
        direct.put("FLEET_NO_DAEMON", "1");
        Path pwned = tmp.resolve("pwned");

        try (TmuxServer tmux = TmuxServer.named();
             StandInAgent api = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("api"))).status("busy").inTmux(tmux, "api");
             StandInAgent web = StandInAgent.builder(config).cwd(Files.createDirectories(tmp.resolve("web"))).status("waiting").inTmux(tmux, "web");
             DaemonProcess d = DaemonProcess.start(env, tmp.resolve("daemon.log"))) {
            Map<String, String> required = new HashMap<>(env);
            required.put("FLEET_DAEMON_REQUIRED", "1");
            LauncherCopy.Timed ls = fleet.timed(required, "ls", "--json");
            assertEquals(0, ls.r().exit(), "a quote in XDG_RUNTIME_DIR: " + ls.what());
            assertEquals(2, ((List<?>) Json.parse(ls.r().out())).size(), ls.what());

            // arguments: through the lane where it takes them, else the JVM client; the same answer as direct
            String hostile = "'$(touch " + pwned + ")'`touch " + pwned + "`";
            for (String arg : List.of("a\"b", "a\\b", "a\nb", "\t", "\r", "x\u0001y", "é\u00ff\u4e2d", "x".repeat(5000), hostile,
                    "%", "-", "--", "\\u0000", "{\"v\":1}", "")) {
                same(fleet, env, direct, "arg " + shown(arg), "switch", "--dry-run", arg);
            }
            // bytes that are not UTF-8 (Java cannot pass them itself: bash makes them)
            for (String bytes : List.of("\\377", "\\300\\200", "a\\355\\240\\200b")) {
                String sh = "a=$(printf '" + bytes + "'); exec bash \"$0\" switch --dry-run \"$a\"";
                LauncherCopy.Timed viaLane = timed(() -> Exec.withTimeout(Duration.ofSeconds(60)).run(List.of("bash", "-c", sh, fleet.script.toString()), required, null));
                LauncherCopy.Timed viaDirect = timed(() -> Exec.withTimeout(Duration.ofSeconds(60)).run(List.of("bash", "-c", sh, fleet.script.toString()), direct, null));
                assertEquals(viaDirect.r().exit(), viaLane.r().exit(), bytes + ": " + viaLane.what() + " / " + viaDirect.what());
                assertTrue(viaLane.ms() < MOMENT_MS, bytes + ": " + viaLane.what());
                assertTrue(viaLane.r().err().startsWith("fleet: no agent matches"), viaLane.what());
            }

            // every forwarded variable, odd in each way
            for (String var : FORWARDED) {
                for (String value : List.of("q\"u\\o\te" + hostile + "\nline2", "\u00ff\u0001" + "v".repeat(3000))) {
                    Map<String, String> e = new HashMap<>(env), de = new HashMap<>(direct);
                    e.put(var, value);
                    de.put(var, value);
                    same(fleet, e, de, var + "=" + shown(value), "switch", "--dry-run", "web");
                    same(fleet, e, de, var + "=" + shown(value), "ls", "--json");
                }
                String sh = "export " + var + "=$(printf 'a\\377\\\"b'); exec bash \"$0\" ls --json";
                LauncherCopy.Timed bad = timed(() -> Exec.withTimeout(Duration.ofSeconds(60)).run(List.of("bash", "-c", sh, fleet.script.toString()), env, null));
                assertEquals(0, bad.r().exit(), var + " not UTF-8: " + bad.what());
                assertTrue(bad.ms() < MOMENT_MS, var + " not UTF-8: " + bad.what());
            }
            assertFalse(Files.exists(pwned), "nothing reached a shell");

            // the socket: every line gets a reply line, and the daemon still serves afterwards
            List<byte[]> payloads = new ArrayList<>(List.of(
                    bytes("\u00ff\u00fe{\"v\":1}"), raw(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}),
                    raw(concat("{\"v\":1,\"op\":\"switch\",\"args\":[\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff},
                            "\"],\"config_dir\":\"x\"}".getBytes(StandardCharsets.UTF_8))),
                    bytes("[".repeat(5000)), bytes("{\"v\":1,\"op\":\"list\",\"config_dir\":\"\\u0000\\\"\"}"),
                    bytes("{\"v\":1,\"op\":\"" + "o".repeat(10_000) + "\"}"), bytes("\u0000\u0000"),
                    bytes("{\"v\":1,\"op\":\"switch\",\"args\":[\"--dry-run\",\"web\"],\"env\":{\"DISPLAY\":\"a\\nb\\\"\"},\"config_dir\":"
                            + Json.write(config.toString()) + "}")));
            for (byte[] p : payloads) {
                String reply = exchange(d.socket, p);
                assertTrue(reply.startsWith("{") && reply.contains("\"ok\""), "payload " + shown(new String(p, StandardCharsets.UTF_8)) + ": " + reply);
            }
            String tooLong = exchange(d.socket, bytes("x".repeat(70_000)));
            assertTrue(tooLong.contains("\"too_large\""), tooLong);
            assertTrue(d.answers(), "the daemon still serves");

            // the daemon's pid taken by another java (this JVM, started at another time): its FIFO left
            // behind is not taken for a live daemon's
            long ticks = dev.fleet.core.daemon.DaemonLiveness.startTicks(d.process.pid());
            Exec.Result stop = fleet.run(env, "daemon", "stop");
            assertEquals(0, stop.exit(), stop.err());
            d.process.waitFor();
            Path fake = runtime.resolve("fleet/fleet." + ProcessHandle.current().pid() + "." + ticks + ".fifo");
            assertEquals(0, Exec.withTimeout(Duration.ofSeconds(5)).run(List.of("mkfifo", "-m", "600", fake.toString())).exit());
            LauncherCopy.Timed after = fleet.timed(env, "ls", "--json");
            assertEquals(0, after.r().exit(), after.what());
            assertTrue(after.ms() < MOMENT_MS, after.what());
            LauncherCopy.Timed refused = fleet.timed(required, "ls", "--json");
            assertEquals("fleet: the daemon did not serve this request: no fleet daemon runs (no live daemon's FIFO in "
                    + runtime.resolve("fleet") + ")\n", refused.r().err());
        }
    }

    /** The lane (or the JVM client it hands over to) answers in a moment with the direct path's exit code. */
    private static void same(LauncherCopy fleet, Map<String, String> env, Map<String, String> direct, String what, String... args) {
        LauncherCopy.Timed a = fleet.timed(env, args);
        Exec.Result b = fleet.run(direct, args);
        assertTrue(a.ms() < MOMENT_MS, what + ": " + a.what());
        assertEquals(b.exit(), a.r().exit(), what + " " + String.join(" ", args).lines().findFirst().orElse("") + ": " + a.what() + " / direct: " + b.err());
    }

    private interface Run {
        Exec.Result run();
    }

    private static LauncherCopy.Timed timed(Run r) {
        long t0 = System.nanoTime();
        Exec.Result x = r.run();
        return new LauncherCopy.Timed(x, (System.nanoTime() - t0) / 1_000_000);
    }

    private static String shown(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
        return Json.write(t);
    }

    private static byte[] bytes(String line) {
        return raw(line.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] raw(byte[] line) {
        return concat(line, new byte[] {'\n'});
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    /** Writes the bytes on a fresh connection; the first reply line (waits at most 3 s). */
    private static String exchange(Path socket, byte[] payload) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer b = ByteBuffer.wrap(payload);
            try {
                while (b.hasRemaining()) ch.write(b);
            } catch (java.io.IOException e) {
                // the daemon may close after refusing a too-long line; its reply is still there to read
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(65536);
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(3000);
                    ch.close();
                } catch (Exception e) {
                    // done
                }
            });
            killer.setDaemon(true);
            killer.start();
            try {
                while (System.nanoTime() < deadline) {
                    in.clear();
                    int n = ch.read(in);
                    if (n < 0) break;
                    for (int i = 0; i < n; i++) {
                        if (in.get(i) == '\n') return line.toString(StandardCharsets.UTF_8);
                        line.write(in.get(i));
                    }
                }
            } catch (java.io.IOException e) {
                return "no reply within 3 s: " + line.toString(StandardCharsets.UTF_8);
            } finally {
                killer.interrupt();
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }

}
