package dev.fleet.daemon;

import dev.fleet.core.exec.Exec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Reply FIFOs made ahead for the launcher's lane: making one is a {@code mkfifo} process (bash has no
 * builtin for it, Java no call), a good part of a hotkey's few milliseconds. The daemon keeps
 * {@value #SPARES} spare FIFOs {@code reply.0.<n>} in its directory (0700; no launcher's own reply FIFO
 * is named so: its pid is never 0). A launcher claims one by creating {@code reply.0.<n>.claim} with
 * O_EXCL (bash's {@code set -C}), so two never share one; the daemon removes a used FIFO and its claim
 * and makes another, off the request's path. A claim whose launcher died before it sent its request is
 * given up after {@link #STALE_CLAIM}. Without a spare the launcher makes its own FIFO, as before.
 */
final class SpareReplies implements AutoCloseable {
    static final int SPARES = 8;
    /** Made again only when fewer are left: one mkfifo process for several requests, not one each. */
    static final int LOW = 4;
    static final String PREFIX = "reply.0.";
    static final String CLAIM = ".claim";
    static final Duration STALE_CLAIM = Duration.ofSeconds(30);

    private final Path dir;
    private final Consumer<String> log;
    private final ExecutorService maker = Executors.newSingleThreadExecutor(r -> { // one at a time: no two fill at once
        Thread t = new Thread(r, "fleet-fifo-spares");
        t.setDaemon(true);
        return t;
    });
    private long next;
    private boolean warned;

    SpareReplies(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    static boolean isSpare(String replyName) {
        return replyName.startsWith(PREFIX);
    }

    /** Makes spares up to {@value #SPARES}, in the background, once fewer than {@value #LOW} are left. */
    void topUp() {
        maker.submit(this::fill);
    }

    /** A spare served its request: its FIFO is gone already (removed once open), its claim goes now. */
    void used(Path reply) {
        try {
            Files.deleteIfExists(reply.resolveSibling(reply.getFileName() + CLAIM));
        } catch (IOException e) {
            // removed at the next start with the other stale reply files
        }
        topUp();
    }

    private void fill() {
        int free = 0;
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.endsWith(CLAIM)) continue;
                Path claim = p.resolveSibling(n + CLAIM);
                if (!Files.exists(claim)) {
                    free++;
                    continue;
                }
                FileTime t = Files.getLastModifiedTime(claim);
                if (now - t.toMillis() > STALE_CLAIM.toMillis()) { // its launcher died before sending
                    Files.deleteIfExists(p);
                    Files.deleteIfExists(claim);
                }
            }
        } catch (IOException e) {
            return; // the directory is going away (the daemon stops)
        }
        if (free >= LOW) return;
        List<String> argv = new ArrayList<>(List.of("mkfifo", "-m", "600", "--"));
        for (int i = free; i < SPARES; i++) argv.add(dir.resolve(PREFIX + (++next)).toString());
        Exec.Result r = Exec.withTimeout(Duration.ofSeconds(5)).run(argv);
        if (!r.ok() && !warned) {
            warned = true; // once: the lane works without spares, a little slower
            log.accept("fifo: cannot make spare reply FIFOs: " + r.firstErrorLine());
        }
    }

    @Override
    public void close() {
        maker.shutdownNow();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : ds) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the next start removes them
        }
    }
}
