package dev.fleet.testguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each test's own HOME, XDG dirs, Claude config dir and tmux socket dir, for the programs it starts
 * as a user would (fleet's CLI in a JVM of its own). {@link SuiteGuard} tells this class which test
 * runs on which thread; a test's dirs are made on first use and deleted when it finishes.
 */
public final class TestDirs {
    /** The variables of the developer's session that must never reach a test's child. */
    public static final List<String> SESSION_VARIABLES = List.of("TMUX", "TMUX_PANE", "DISPLAY", "WAYLAND_DISPLAY",
            "I3SOCK", "SWAYSOCK", "KITTY_PID", "KITTY_WINDOW_ID", "KITTY_LISTEN_ON", "KITTY_PUBLIC_KEY",
            "KITTY_INSTALLATION_DIR", "WINDOWID", "DBUS_SESSION_BUS_ADDRESS", "FLEET_BIN");

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final InheritableThreadLocal<String> TEST = new InheritableThreadLocal<>();
    private static final Map<String, Path> DIRS = new java.util.concurrent.ConcurrentHashMap<>();

    private TestDirs() {}

    static void started(String testId) {
        TEST.set(testId);
    }

    static void finished(String testId) {
        if (testId.equals(TEST.get())) TEST.remove();
        Path d = DIRS.remove(testId);
        if (d != null) deleteTree(d);
    }

    /** The running test's private root (short: unix socket paths are limited to 107 bytes). */
    public static Path current() {
        String id = TEST.get();
        return DIRS.computeIfAbsent(id == null ? "(outside a test)" : id, k -> create());
    }

    private static Path create() {
        String base = System.getProperty(SuiteGuard.DIR_PROPERTY);
        try {
            Path root = base == null ? Files.createTempDirectory("fleet-t-")
                    : Files.createDirectories(Path.of(base, "t", Integer.toString(COUNTER.incrementAndGet())));
            for (String sub : List.of("home", "state", "cache", "config", "data", "claude", "tmux")) {
                Files.createDirectories(root.resolve(sub));
            }
            Files.setPosixFilePermissions(Files.createDirectories(root.resolve("run")), PosixFilePermissions.fromString("rwx------"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a test's private dirs", e);
        }
    }

    /**
     * The running test's own {@code TMUX_TMPDIR}: testkit's {@code TmuxServer.named()} starts its servers
     * in it and {@link #isolatedEnv()} hands it to fleet, so a test's fleet sees that test's servers on
     * tmux's default socket dir, as a user's would, and never another test's.
     */
    public static Path tmuxTmpdir() {
        return current().resolve("tmux");
    }

    /**
     * Overrides for a child's environment: the test's own HOME, XDG_*, CLAUDE_CONFIG_DIR and
     * TMUX_TMPDIR, and null (remove) for every variable of a desktop or terminal session.
     */
    public static Map<String, String> isolatedEnv() {
        Path d = current();
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : SESSION_VARIABLES) m.put(v, null);
        m.put("HOME", d.resolve("home").toString());
        m.put("XDG_RUNTIME_DIR", d.resolve("run").toString());
        m.put("XDG_STATE_HOME", d.resolve("state").toString());
        m.put("XDG_CACHE_HOME", d.resolve("cache").toString());
        m.put("XDG_CONFIG_HOME", d.resolve("config").toString());
        m.put("XDG_DATA_HOME", d.resolve("data").toString());
        m.put("CLAUDE_CONFIG_DIR", d.resolve("claude").toString());
        m.put("TMUX_TMPDIR", tmuxTmpdir().toString());
        m.put("FLEET_AUTOSTART", "0"); // no daemon started behind a test's back (auto-start tests set 1)
        return m;
    }

    /**
     * Deletes {@code dir} and everything below it, best effort: a file a dying process still holds is left
     * (the directory is unique; /tmp is cleaned eventually). A link is deleted, never followed.
     */
    public static void deleteTree(Path dir) {
        if (dir == null || !java.nio.file.Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    java.nio.file.Files.deleteIfExists(f);
                } catch (java.io.IOException e) {
                    // held by a dying process
                }
            });
        } catch (java.io.IOException e) {
            // best effort
        }
    }
}
