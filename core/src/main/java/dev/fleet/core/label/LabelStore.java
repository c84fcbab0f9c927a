package dev.fleet.core.label;

import dev.fleet.core.json.Json;
import dev.fleet.core.json.JsonException;
import dev.fleet.core.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Agent labels, session id → text, in {@code $XDG_STATE_HOME/fleet/labels.json}:
 * {@code {"v":1,"labels":{"<session id>":{"label":"…","set_at":<epoch ms>}}}}.
 *
 * <p>Every change is a read-modify-write under an exclusive lock on {@code labels.json.lock} (the CLI
 * and the daemon may both write) and lands through {@link AtomicFiles#write}: a crash leaves the old
 * file or the new, never a mix. A file that does not parse is moved aside to
 * {@code labels.json.corrupt-<time>} with a warning, never silently emptied.
 */
public final class LabelStore {
    /** Labels are names, not documents. */
    public static final int MAX_LABEL_CHARS = 200;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Consumer<String> warn;
    private volatile Map<String, String> cache = Map.of();
    private volatile FileTime cachedMtime;
    private volatile long cachedSize = -1;

    public LabelStore(Path file, Consumer<String> warn) {
        this.file = file;
        this.warn = warn;
    }

    /** The store at {@code stateDir/labels.json} ({@code stateDir} is {@code $XDG_STATE_HOME/fleet}). */
    public static LabelStore in(Path stateDir, Consumer<String> warn) {
        return new LabelStore(stateDir.resolve("labels.json"), warn);
    }

    public Path file() {
        return file;
    }

    /** The label of a session, or null; re-reads the file only when it changed (one stat otherwise). */
    public String get(String sessionId) {
        return all().get(sessionId);
    }

    /** Every label, as the file holds it now. */
    public Map<String, String> all() {
        try {
            if (!Files.exists(file)) {
                cache = Map.of();
                cachedMtime = null;
                return cache;
            }
            FileTime m = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (m.equals(cachedMtime) && size == cachedSize) return cache;
            Map<String, String> fresh = Collections.unmodifiableMap(read());
            cache = fresh;
            cachedMtime = m;
            cachedSize = size;
            return fresh;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            warn.accept("cannot read labels from " + file + ": " + e.getMessage());
            return cache;
        }
    }

    /** Sets (text non-blank) or clears (text null or blank) a label; returns the previous one. */
    public String set(String sessionId, String text) {
        if (text != null && text.length() > MAX_LABEL_CHARS) {
            throw new IllegalArgumentException("a label holds at most " + MAX_LABEL_CHARS + " characters");
        }
        String clean = text == null || text.isBlank() ? null : text.strip();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel lockCh = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockCh.lock()) {
                Map<String, Map<String, Object>> entries = readEntries();
                Map<String, Object> old = clean == null ? entries.remove(sessionId) : entries.put(sessionId, entry(clean));
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("v", 1);
                root.put("labels", new TreeMap<>(entries));
                AtomicFiles.write(file, (Json.writePretty(root) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return old == null ? null : Json.str(old, "label");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write labels to " + file + ": " + e.getMessage(), e);
        }
    }

    public String clear(String sessionId) {
        return set(sessionId, null);
    }

    private Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private static Map<String, Object> entry(String label) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("label", label);
        e.put("set_at", System.currentTimeMillis());
        return e;
    }

    private Map<String, String> read() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        readEntries().forEach((id, e) -> {
            String l = Json.str(e, "label");
            if (l != null) out.put(id, l);
        });
        return out;
    }

    /** Parses the file; a corrupt one is moved aside (with a warning) and reads as empty. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> readEntries() throws IOException {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return out;
        }
        try {
            Map<String, Object> root = Json.parseObject(bytes);
            Object labels = root.get("labels");
            if (!(labels instanceof Map)) throw new JsonException("no \"labels\" object");
            for (Map.Entry<String, Object> e : ((Map<String, Object>) labels).entrySet()) {
                if (e.getValue() instanceof Map) out.put(e.getKey(), (Map<String, Object>) e.getValue());
                else if (e.getValue() instanceof String s) out.put(e.getKey(), entry(s));
            }
            return out;
        } catch (JsonException e) {
            moveAside(e.getMessage());
            return new LinkedHashMap<>();
        }
    }

    private void moveAside(String why) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            warn.accept("labels file " + file + " is corrupt (" + why + "); moved it to " + aside + " and started empty");
        } catch (NoSuchFileException e) {
            // another process moved it first
        }
    }
}
