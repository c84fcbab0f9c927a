package dev.fleet.cli.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.cli.Main;
import dev.fleet.core.exec.Exec;
import dev.fleet.testguard.TestDirs;
import dev.fleet.testkit.Browser;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.TmuxServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code fleet web} with another host's agent ({@link SshRig}: r1 is a test-made user behind sshd on loopback,
 * its agent a stand-in in its own tmux): the page lists it from the local daemon's stream of r1, its screen
 * is what r1's own tmux shows (text typed there, {@code <script>} included, shown as text), a reply lands in
 * r1's pane (r1's own capture-pane), and "show on desktop" answers with the one line that attaches to it — or,
 * once a local terminal's ssh shows r1's tmux, switches that terminal's client of r1 to the agent. A
 * real daemon, a real {@code fleet web}, headless Chromium (testkit {@link Browser}, web's driver script).
 */
class WebHostsIT {
    @Test
    void anotherHostsAgentsScreenReplyAndShowWorkOnThePage() throws Exception {
        Require.browser();
        Path tmp = Files.createTempDirectory(Path.of("/tmp"), "fwh-");
        Map<String, String> env = new HashMap<>();
        Process web = null;
        try (SshRig rig = SshRig.start("r1")) {
            Path rt = Files.createDirectories(tmp.resolve("rt"));
            Files.setPosixFilePermissions(rt, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(tmp.resolve("xdg/fleet"));
            Files.writeString(tmp.resolve("xdg/fleet/hosts"), "r1\n");
            env.put("PATH", rig.bin + ":" + System.getenv("PATH"));
            env.put("XDG_RUNTIME_DIR", rt.toString());
            env.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
            env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
            env.put("CLAUDE_CONFIG_DIR", Files.createDirectories(tmp.resolve("claude")).toString());
            env.put("FLEET_AUTOSTART", "0");
            int pid = rig.remoteAgent("far", "idle");
            String pane = rig.paneOf(pid)[0];
            String mark = "far-" + java.util.UUID.randomUUID().toString().substring(0, 8) + " <script>alert(1)</script>";
            rig.show(pane, mark);

            Exec.Result started = FleetProcess.run(env, "daemon", "start");
            assertEquals(0, started.exit(), started.err());
            Path webLog = tmp.resolve("web.log");
            web = webProcess(env, webLog);
            String url = firstLine(web, webLog);
            try (Browser browser = Browser.start(driver())) {
                browser.call(Map.of("op", "goto", "url", url), Duration.ofSeconds(60));
                browser.call(Map.of("op", "waitState", "pid", pid, "state", "idle", "timeout", 20000), Duration.ofSeconds(25));
                browser.call(Map.of("op", "click", "pid", pid), Duration.ofSeconds(10));

                // its screen: r1's own tmux's rendering of the pane; the script tag is text, no dialog fired
                Map<String, Object> screen = browser.call(Map.of("op", "waitScreen", "text", mark, "timeout", 15000), Duration.ofSeconds(20));
                assertEquals(0, ((Number) screen.get("scripts")).intValue(), screen.toString());
                assertEquals(HostsIT.trimEnd(rig.capture(pane)), HostsIT.trimEnd(screen.get("text").toString()));
                // and it stays live: what r1's pane shows next reaches the page
                String more = "then-" + java.util.UUID.randomUUID().toString().substring(0, 8);
                rig.tmux("send-keys", "-t", pane, "-l", " " + more);
                browser.call(Map.of("op", "waitScreen", "text", more, "timeout", 10000), Duration.ofSeconds(15));

                // a reply: the host's send --verify runs on r1; the text is in r1's pane (the stand-in never turns
                // busy, so the host's verdict is "not taken" — what counts here is where the text went)
                String reply = "reply to far " + java.util.UUID.randomUUID().toString().substring(0, 8);
                Map<String, Object> sent = browser.call(Map.of("op", "reply", "text", reply, "timeout", 45000), Duration.ofSeconds(50));
                assertTrue(sent.get("outcome").toString().startsWith("not taken"), sent + "; fleet web's log:\n" + Files.readString(webLog));
                assertTrue(rig.captureJoined(pane).contains(reply), rig.captureJoined(pane));

                // show on desktop: no local terminal shows r1's pane, so the page gives the one line that attaches
                Map<String, Object> shown = browser.call(Map.of("op", "show"), Duration.ofSeconds(30));
                String[] loc = rig.paneOf(pid);
                String outcome = shown.get("outcome").toString();
                assertTrue(outcome.startsWith("not shown: fleet: host r1: ") && outcome.contains("attach with: ssh -t -- r1 ")
                        && outcome.contains("'=" + loc[2] + ":" + loc[1] + "." + loc[0] + "'"), outcome + "; fleet web's log:\n" + Files.readString(webLog));

                // a local terminal already showing r1's tmux — a pane of tmux server `mid` (shown by a client inside
                // `top`) running ssh attached to r1's session, on another window of r1: "show" switches that very
                // client of r1 to the agent's pane (r1's own list-clients), no new terminal
                rig.tmux("new-window", "-t", "work:", "-n", "other", "exec sleep 100000");
                try (TmuxServer mid = TmuxServer.named(); TmuxServer top = TmuxServer.named()) {
                    mid.newSession("here", tmp, rig.bin.resolve("ssh").toString(), "-t", "r1", "tmux", "-L", "fleet-rig", "attach", "-t", "=work");
                    List<String> attach = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
                    attach.addAll(mid.socketArgs());
                    attach.addAll(List.of("attach", "-t", "here"));
                    top.newSession("term", tmp, attach.toArray(String[]::new));
                    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                    while (rig.tmux("list-clients", "-F", "#{pane_id}").isBlank() && System.nanoTime() < end) Thread.sleep(100);
                    List<String> before = rig.tmux("list-clients", "-F", "#{pane_id}").lines().toList();
                    assertEquals(1, before.size(), "r1's clients: " + before);
                    assertTrue(!before.get(0).equals(loc[0]), "r1's client already shows the agent: " + before);
                    Map<String, Object> again = browser.call(Map.of("op", "show"), Duration.ofSeconds(30));
                    assertTrue(again.get("outcome").toString().startsWith("shown"), again + "; fleet web's log:\n" + Files.readString(webLog));
                    assertEquals(List.of(loc[0]), rig.tmux("list-clients", "-F", "#{pane_id}").lines().toList(), "r1's clients after show");
                }
                assertEquals(List.of(), ((List<?>) browser.call(Map.of("op", "dialogs"), Duration.ofSeconds(5)).get("dialogs")));
            }
        } finally {
            if (web != null) {
                web.destroy();
                if (!web.waitFor(10, TimeUnit.SECONDS)) web.destroyForcibly();
            }
            if (!env.isEmpty()) FleetProcess.run(env, "daemon", "stop");
            Exec.withTimeout(Duration.ofSeconds(10)).run(List.of("rm", "-rf", "--", tmp.toString()));
        }
    }

    /** web's Playwright driver (the cli depends on web, so its test script is one directory over). */
    private static Path driver() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("web/src/test/js/driver.cjs");
            if (Files.isRegularFile(p)) return p;
        }
        throw new AssertionError("web/src/test/js/driver.cjs not found above " + Path.of("").toAbsolutePath());
    }

    private static Process webProcess(Map<String, String> env, Path log) throws Exception {
        Map<String, String> all = new HashMap<>(TestDirs.isolatedEnv());
        all.putAll(env);
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "web"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(log.toFile());
        all.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k); // null: the variable is removed (as FleetProcess does)
            else pb.environment().put(k, v);
        });
        Process p = pb.start();
        dev.fleet.testguard.Reaper.register(p);
        return p;
    }

    private static String firstLine(Process p, Path log) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        if (first == null) throw new AssertionError("fleet web printed no URL; its stderr:\n" + Files.readString(log));
        return first;
    }
}
