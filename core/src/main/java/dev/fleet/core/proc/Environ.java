package dev.fleet.core.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads selected variables from a NUL-separated /proc/&lt;pid&gt;/environ block. */
public final class Environ {
    private Environ() {}

    public static Map<String, String> read(Path procRoot, int pid, Set<String> keys) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(procRoot.resolve(Integer.toString(pid)).resolve("environ"));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return parse(raw, keys);
    }

    public static Map<String, String> parse(byte[] raw, Set<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    String kv = new String(raw, start, i - start, StandardCharsets.UTF_8);
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        String k = kv.substring(0, eq);
                        if (keys.contains(k)) out.put(k, kv.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        return out;
    }
}
