package dev.fleet.daemon;

import dev.fleet.core.json.Json;
import dev.fleet.core.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The marks the daemon has set, by layer, in {@code marks.json} beside its socket: rewritten after each
 * change of marks, removed once they are all taken back. A daemon killed with SIGKILL cannot clear its
 * marks; the next one (or {@code fleet daemon stop} with no daemon running) reads this file and takes
 * them over, so a mark still wanted stays as it is and the others are taken back exactly.
 */
final class MarkLedger {
    static final String FILE = "marks.json";

    private final Path file;
    private final Consumer<String> log;
    private String written; // null: this daemon has not written yet (a file left by another is rewritten)

    MarkLedger(Path dir, Consumer<String> log) {
        this.file = dir.resolve(FILE);
        this.log = log;
    }

    Path file() {
        return file;
    }

    /** What a previous daemon left, by layer id; empty when it left nothing (or the file is unreadable: said once). */
    Map<String, List<Map<String, Object>>> read() {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        try {
            Map<String, Object> m = Json.parseObject(Files.readAllBytes(file));
            m.forEach((layer, v) -> {
                List<Map<String, Object>> entries = new ArrayList<>();
                if (v instanceof List<?> l) {
                    for (Object o : l) if (o instanceof Map<?, ?> e) entries.add(cast(e));
                }
                if (!entries.isEmpty()) out.put(layer, entries);
            });
        } catch (NoSuchFileException e) {
            // nothing left behind
        } catch (IOException | RuntimeException e) {
            log.accept("mark: cannot read " + file + " (marks a killed daemon left stay): " + e.getMessage());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> e) {
        return (Map<String, Object>) e;
    }

    /** Records these marks (only when they differ from the last written); none at all removes the file. */
    void write(Map<String, List<Map<String, Object>>> byLayer) {
        Map<String, Object> nonEmpty = new LinkedHashMap<>();
        byLayer.forEach((k, v) -> {
            if (!v.isEmpty()) nonEmpty.put(k, v);
        });
        String text = nonEmpty.isEmpty() ? "" : Json.write(nonEmpty);
        if (text.equals(written)) return;
        try {
            if (text.isEmpty()) Files.deleteIfExists(file);
            else AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
            written = text;
        } catch (IOException e) {
            log.accept("mark: cannot write " + file + ": " + e.getMessage());
        }
    }
}
