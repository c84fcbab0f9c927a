package dev.fleet.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs external programs: an argv list (never a shell string), a timeout on every call, stdout and
 * stderr captured so a failure can say what the program said.
 */
public final class Exec {
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fleet-exec-reader");
        t.setDaemon(true);
        return t;
    });

    /** What a finished program left: exit code, stdout, stderr. */
    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** The first line of stderr (or stdout), for a one-line error message. */
        public String firstErrorLine() {
            String s = err.isBlank() ? out : err;
            s = s.strip();
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }

    private final Duration timeout;

    public Exec(Duration timeout) {
        this.timeout = timeout;
    }

    public static Exec withTimeout(Duration timeout) {
        return new Exec(timeout);
    }

    public Result run(List<String> argv) {
        return run(argv, Map.of(), null);
    }

    /**
     * @param env   variables to set (a null value removes the variable) for the child
     * @param stdin bytes to write to the child's stdin, or null for none
     * @throws ExecException when the program cannot be started or exceeds the timeout
     */
    public Result run(List<String> argv, Map<String, String> env, byte[] stdin) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        if (stdin == null) pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ExecException("cannot run " + argv.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), READERS);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), READERS);
        try {
            if (stdin != null) {
                try (var os = p.getOutputStream()) {
                    os.write(stdin);
                } catch (IOException e) {
                    // the child closed stdin early; its exit code tells the rest
                }
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new ExecException(argv.get(0) + " did not answer within " + timeout.toMillis() + " ms");
            }
            return new Result(p.exitValue(),
                    new String(out.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8),
                    new String(err.get(timeout.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ExecException(argv.get(0) + " interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ExecException(argv.get(0) + ": output could not be read: " + e.getMessage());
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when {@code name} is an executable on PATH. */
    public static boolean onPath(String name) {
        return which(name) != null;
    }

    /** The first executable called {@code name} on PATH, or null. */
    public static java.nio.file.Path which(String name) {
        return which(name, System.getenv("PATH"));
    }

    /** The first executable called {@code name} on {@code path} (a PATH value, e.g. of the environment fleet was given), or null. */
    public static java.nio.file.Path which(String name, String path) {
        if (path == null) return null;
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            java.nio.file.Path p = java.nio.file.Path.of(dir, name);
            if (java.nio.file.Files.isExecutable(p) && !java.nio.file.Files.isDirectory(p)) return p;
        }
        return null;
    }
}
