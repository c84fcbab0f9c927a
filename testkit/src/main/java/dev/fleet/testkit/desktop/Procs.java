package dev.fleet.testkit.desktop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Process and file chores shared by the desktop fixtures. */
final class Procs {
    private Procs() {}

    /** Stops a process we started and everything it started: TERM, a grace period, then KILL. */
    static void stop(Process p) {
        if (p == null) return;
        List<ProcessHandle> tree = new ArrayList<>();
        p.descendants().forEach(tree::add);
        p.destroy();
        for (ProcessHandle h : tree) h.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle h : tree) if (h.isAlive()) h.destroyForcibly();
    }

    /** Polls {@code done} every 20 ms until it holds or {@code millis} pass. */
    static boolean waitFor(long millis, BooleanSupplier done) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            try {
                if (done.getAsBoolean()) return true;
            } catch (RuntimeException e) {
                // not ready yet
            }
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** The last lines of a log, for a failure message. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    /** Runs a short command and returns its stdout; throws with its stderr when it fails. */
    static String run(List<String> argv, long timeoutMillis) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(false);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(argv.get(0) + " did not finish within " + timeoutMillis + " ms");
            }
            String o = out.get(), e = err.get();
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " failed (" + p.exitValue() + "): "
                        + (e.isBlank() ? o : e).strip());
            }
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }


    /**
     * The builder that starts Xvfb on a free display of {@code screen} (e.g. {@code 1280x800x24}): with
     * {@code -displayfd 1} it picks the number itself and prints it once it accepts clients ({@link #firstLine}).
     */
    static ProcessBuilder xvfb(String screen, Path log) {
        return new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp", "-noreset")
                .redirectError(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }

    /**
     * The first line {@code p} prints (Xvfb's display, dbus-daemon's address), within {@code millis}; one line
     * naming {@code what} and the tail of {@code log} when it exits or stays silent.
     */
    static String firstLine(Process p, String what, long millis, Path log) {
        java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line;
        try {
            line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return r.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(millis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + " did not start within " + millis + " ms: " + tail(log, 3), e);
        }
        if (line == null) throw new IllegalStateException(what + " exited before it was ready: " + tail(log, 3));
        return line.strip();
    }

    static String suffix() {
        return Long.toString(System.nanoTime() & 0xffffffL, 36) + Integer.toString((int) (Math.random() * 1e6), 36);
    }
}
