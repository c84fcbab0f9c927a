package dev.fleet.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.commands.Console;
import dev.fleet.commands.DoctorCommand;
import dev.fleet.commands.Settings;
import dev.fleet.testkit.desktop.NotifyRig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet doctor}'s notify line, as the user reads it: with a real notification server (dunst on a
 * private bus) it names the bus, the server and its version — checked against {@code dunst --version}
 * — and whether it offers actions; without a bus, or with notifications off, it says so in one line.
 */
class NotifyDoctorIT {
    @TempDir
    Path tmp;

    @Test
    void withAServerItNamesTheBusTheServerAndActions() throws Exception {
        try (NotifyRig rig = NotifyRig.start()) {
            String out = doctor(rig.env());
            Matcher v = Pattern.compile("(\\d+\\.\\d+\\.\\d+)").matcher(rig.run("dunst", "--version"));
            assertTrue(v.find(), "dunst --version names a version");
            String line = line(out, "notify");
            assertTrue(line.startsWith("ok"), out);
            // dunst reports its version as "1.9.0 (2022-06-27)", as its --version prints it
            assertTrue(line.contains("notify  session bus at " + rig.address() + ", server dunst " + v.group(1)), out);
            assertTrue(line.endsWith(", actions: yes"), out);
            assertEquals(0, rig.displayed(), "doctor shows no notification");
        }
    }

    @Test
    void withoutASessionBusOneLineSaysThereWillBeNone() throws Exception {
        String out = doctor(Map.of());
        String line = line(out, "notify");
        assertTrue(line.startsWith("warn"), out);
        assertTrue(line.endsWith("notify  no session bus (DBUS_SESSION_BUS_ADDRESS unset): no desktop notifications"), out);
        assertTrue(out.contains("-> run fleet inside your desktop session"), out);
    }

    @Test
    void aBusWithoutAServerSaysSoWithAFixAtOnce() throws Exception {
        long t0 = System.nanoTime();
        String out = doctor(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.resolve("no-bus")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 4_000, "a stale bus address does not hold doctor up (dbus-java retries for 10 s by default): " + ms + " ms");
        String line = line(out, "notify");
        assertTrue(line.startsWith("warn") && line.contains("cannot reach the session bus at unix:path=" + tmp.resolve("no-bus")), out);
        assertTrue(out.contains("-> start a notification server"), out);
    }

    @Test
    void turnedOffInTheSettingsFileItSaysSoAndDoesNotLook() throws Exception {
        Path conf = Files.createDirectories(tmp.resolve("xdg/fleet")).resolve("config");
        Files.writeString(conf, "notify.waiting = off\n");
        String out = doctor(Map.of("XDG_CONFIG_HOME", tmp.resolve("xdg").toString()));
        String line = line(out, "notify");
        assertTrue(line.startsWith("ok") && line.contains("off in the settings file " + conf), out);
    }

    /** Runs doctor as the command does, in an environment of its own (no agents, no tmux, no display). */
    private String doctor(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("HOME", tmp.toString());
        env.put("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString());
        env.put("TMUX_TMPDIR", tmp.resolve("no-tmux").toString());
        env.putIfAbsent("XDG_CONFIG_HOME", tmp.resolve("no-config").toString());
        env.put("PATH", System.getenv("PATH"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        DoctorCommand.run(Settings.fromEnv(env), new Console(ps, ps, false), List.of());
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String line(String out, String layer) {
        List<String> l = out.lines().filter(s -> s.matches("\\S+\\s+" + layer + "\\s.*")).toList();
        assertEquals(1, l.size(), "one " + layer + " line: " + out);
        return l.get(0);
    }
}
