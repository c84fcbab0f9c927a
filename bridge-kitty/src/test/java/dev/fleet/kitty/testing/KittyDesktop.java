package dev.fleet.kitty.testing;

import dev.fleet.kitty.KittyClient;
import dev.fleet.kitty.KittyException;
import dev.fleet.testkit.Require;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A private X display (Xvfb, no window manager) with kitty instances on it, for tests. Everything it
 * starts is killed on {@link #close()}, process trees included, and its temp dir removed. kitty renders
 * with Mesa's software OpenGL ({@code LIBGL_ALWAYS_SOFTWARE=1}).
 */
public final class KittyDesktop implements AutoCloseable {
    private final Process xvfb;
    private final String display;
    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    private KittyDesktop(Process xvfb, String display, Path dir) {
        this.xvfb = xvfb;
        this.display = display;
        this.dir = dir;
    }

    /** Starts Xvfb on a free display (it picks one itself: {@code -displayfd}); skips without Xvfb or kitty. */
    public static KittyDesktop start() throws IOException {
        Require.tools("Xvfb", "kitty");
        Path dir = Files.createTempDirectory("fleet-kitty-test-");
        Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectError(dir.resolve("xvfb.log").toFile())
                .start();
        dev.fleet.testguard.Reaper.register(x); // ended even when the JVM is killed before close()
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String n;
        try {
            n = line.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            n = null;
        }
        if (n == null || n.isBlank()) {
            x.destroyForcibly();
            throw new IOException("Xvfb did not report its display: " + Files.readString(dir.resolve("xvfb.log")));
        }
        return new KittyDesktop(x, ":" + n.trim(), dir);
    }

    public String display() {
        return display;
    }

    /** A unique socket path / abstract name for a kitty of this desktop. */
    public String uniqueName(String what) {
        return "fleet-kitty-" + what + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
    }

    public Path dir() {
        return dir;
    }

    /**
     * Starts a kitty showing one OS window that runs {@code command}.
     *
     * @param remoteControl kitty's allow_remote_control value ("socket-only", "password", "no")
     * @param listenOn      the --listen-on address, or null for none
     */
    public Kitty kitty(String remoteControl, String listenOn, List<String> command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("kitty", "--config", "NONE", "-o",
                "allow_remote_control=" + remoteControl, "-o", "initial_window_width=640", "-o",
                "initial_window_height=400"));
        if (listenOn != null) argv.addAll(List.of("--listen-on", listenOn));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("kitty-" + started.size() + ".log").toFile());
        Map<String, String> env = pb.environment();
        // A test run inside kitty must not hand that kitty's identity to the ones it starts.
        for (String k : List.of("KITTY_LISTEN_ON", "KITTY_PID", "KITTY_WINDOW_ID", "KITTY_PUBLIC_KEY",
                "WAYLAND_DISPLAY", "TMUX", "TMUX_PANE")) {
            env.remove(k);
        }
        env.put("DISPLAY", display);
        env.put("LIBGL_ALWAYS_SOFTWARE", "1");
        env.put("SHELL", "/bin/sh");
        Process p = pb.start();
        started.add(p);
        dev.fleet.testguard.Reaper.register(p);
        return new Kitty(this, p, listenOn);
    }

    /** One kitty process of this desktop. */
    public record Kitty(KittyDesktop desktop, Process process, String listenOn) {
        public int pid() {
            return (int) process.pid();
        }

        public KittyClient client() {
            return KittyClient.of(listenOn);
        }

        /** Waits until the kitty answers {@code ls} (remote control on). */
        public Kitty awaitRemote() {
            awaitTrue("kitty at " + listenOn + " to answer ls", () -> {
                try {
                    return !client().ls().isEmpty();
                } catch (KittyException e) {
                    return false;
                }
            });
            return this;
        }

        /** Waits until kitty runs its first window's process (its first child that is not kitty itself). */
        public int awaitChild() {
            int[] child = {0};
            awaitTrue("kitty " + pid() + " to start its window's process", () -> {
                child[0] = process.children().filter(h -> !h.info().command().orElse("").contains("kitty"))
                        .mapToInt(h -> (int) h.pid()).findFirst().orElse(0);
                return child[0] > 0;
            });
            return child[0];
        }
    }

    /** Polls {@code cond} for up to 20 s. */
    public static void awaitTrue(String what, BooleanSupplier cond) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** Kills every kitty (with everything running in its windows), then Xvfb; removes the temp dir. */
    @Override
    public void close() {
        for (Process p : started) kill(p.toHandle());
        kill(xvfb.toHandle());
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless
        }
    }

    private static void kill(ProcessHandle h) {
        List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
        h.destroy();
        for (ProcessHandle d : tree) d.destroy();
        try {
            h.onExit().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
        for (ProcessHandle d : tree) if (d.isAlive()) d.destroyForcibly();
    }
}
