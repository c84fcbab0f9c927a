package dev.fleet.testkit.desktop;

import dev.fleet.testguard.Reaper;
import dev.fleet.testkit.Require;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A private desktop session for notification tests: Xvfb (a display of its own), a private session bus
 * (dbus-daemon on a socket in a temp dir), dunst as the notification server, and dbus-monitor
 * recording every call on org.freedesktop.Notifications. Read back with {@code dunstctl} and the
 * monitor's log — never through fleet. In testkit so that the cli's tests (a remote agent's notification,
 * {@code HostStreamIT}) use the same session as the notify module's.
 */
public final class NotifyRig implements AutoCloseable {
    public final Path dir;
    private final List<Process> procs = new ArrayList<>();
    private String display;
    private String address;

    private NotifyRig(Path dir) {
        this.dir = dir;
    }

    public static NotifyRig start() {
        Require.tools("Xvfb", "dbus-daemon", "dbus-monitor", "dbus-send", "dunst", "dunstctl");
        NotifyRig r;
        try {
            r = new NotifyRig(Files.createTempDirectory(Path.of("/tmp"), "nfy-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            r.boot();
            return r;
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    private void boot() {
        Process x = spawn(Procs.xvfb("800x600x24", dir.resolve("xvfb.log")));
        display = ":" + Procs.firstLine(x, "Xvfb", 15_000, dir.resolve("xvfb.log"));
        write(dir.resolve("bus.conf"), String.join("\n",
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"",
                " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">",
                "<busconfig><type>session</type><listen>unix:path=" + dir.resolve("bus") + "</listen><auth>EXTERNAL</auth>",
                "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/>",
                "<allow own=\"*\"/></policy></busconfig>", ""));
        Process bus = spawn(new ProcessBuilder("dbus-daemon", "--config-file=" + dir.resolve("bus.conf"), "--nofork", "--print-address=1")
                .redirectError(dir.resolve("bus.log").toFile()));
        address = Procs.firstLine(bus, "dbus-daemon", 15_000, dir.resolve("bus.log"));
        spawn(env(new ProcessBuilder("dunst")).redirectErrorStream(true).redirectOutput(dir.resolve("dunst.log").toFile()));
        if (!waitFor(10_000, () -> run("dunstctl", "count", "displayed").strip().matches("\\d+"))) {
            throw new IllegalStateException("dunst did not come up: " + tail("dunst.log"));
        }
        spawn(env(new ProcessBuilder("dbus-monitor", "--address", address, "interface='org.freedesktop.Notifications'", "type='method_return'"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("monitor.log").toFile()));
        // the monitor is attached once it printed its own NameAcquired/NameLost lines
        if (!waitFor(10_000, () -> monitor().contains("NameLost") || monitor().contains("NameAcquired"))) {
            throw new IllegalStateException("dbus-monitor did not attach: " + tail("monitor.log"));
        }
    }

    /** The bus address a client (fleet's daemon) is given. */
    public String address() {
        return address;
    }

    public Map<String, String> env() {
        return Map.of("DISPLAY", display, "DBUS_SESSION_BUS_ADDRESS", address);
    }

    /** {@code dunstctl count displayed}: notifications on screen now. */
    public int displayed() {
        String out = run("dunstctl", "count", "displayed").strip();
        return out.matches("\\d+") ? Integer.parseInt(out) : -1;
    }

    /** {@code dunstctl history}: the closed notifications, as dunst's JSON text. */
    public String history() {
        return run("dunstctl", "history");
    }

    /** Everything dbus-monitor saw on org.freedesktop.Notifications so far. */
    public String monitor() {
        try {
            return Files.readString(dir.resolve("monitor.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** The ids the server returned for Notify calls (method return lines followed by a uint32), in order. */
    public List<Long> returnedIds() {
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("method return[^\n]*\n\\s+uint32 (\\d+)").matcher(monitor());
        List<Long> ids = new ArrayList<>();
        while (mm.find()) ids.add(Long.parseLong(mm.group(1)));
        return ids;
    }

    /** How many calls of {@code member} the monitor saw. */
    public int calls(String member) {
        int n = 0;
        for (String l : monitor().split("\n")) if (l.startsWith("method call") && l.contains("member=" + member)) n++;
        return n;
    }

    /** Sends a signal on the bus as the notification server would. */
    public void signal(String member, String... args) {
        List<String> argv = new ArrayList<>(List.of("dbus-send", "--session", "--type=signal", "/org/freedesktop/Notifications",
                "org.freedesktop.Notifications." + member));
        argv.addAll(List.of(args));
        run(argv.toArray(new String[0]));
    }

    public String run(String... argv) {
        try {
            Process p = env(new ProcessBuilder(argv)).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    public static boolean waitFor(long millis, BooleanSupplier done) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (done.getAsBoolean()) return true;
            dev.fleet.testguard.Ci.sleep(25);
        }
        return done.getAsBoolean();
    }

    private ProcessBuilder env(ProcessBuilder pb) {
        Map<String, String> e = pb.environment();
        e.remove("WAYLAND_DISPLAY");
        if (display != null) e.put("DISPLAY", display);
        if (address != null) e.put("DBUS_SESSION_BUS_ADDRESS", address);
        e.put("XDG_CONFIG_HOME", dir.toString()); // no user dunstrc: dunst's defaults
        return pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    private Process spawn(ProcessBuilder pb) {
        try {
            Process p = pb.start();
            Reaper.register(p);
            procs.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail(String log) {
        try {
            List<String> l = Files.readAllLines(dir.resolve(log));
            return String.join(" | ", l.subList(Math.max(0, l.size() - 5), l.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = procs.size() - 1; i >= 0; i--) {
            Process p = procs.get(i);
            p.destroy();
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
