package dev.fleet.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelStoreTest {

    @Test
    void setGetClearAndPrivateFile(@TempDir Path tmp) throws Exception {
        LabelStore s = LabelStore.in(tmp.resolve("state/fleet"), w -> { });
        assertNull(s.get("abc"));
        assertNull(s.set("abc", "  parser work  "));
        assertEquals("parser work", s.get("abc"), "stripped");
        assertEquals("parser work", s.set("abc", "api"));
        s.set("def", "web");
        assertEquals(Map.of("abc", "api", "def", "web"), s.all());
        assertEquals("api", s.clear("abc"));
        assertNull(s.get("abc"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(s.file())));
        // another store instance (another process) sees the change
        assertEquals("web", LabelStore.in(tmp.resolve("state/fleet"), w -> { }).get("def"));
    }

    @Test
    void aCorruptFileIsMovedAsideWithAWarning(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("fleet"));
        Files.writeString(dir.resolve("labels.json"), "{\"v\":1,\"labels\":{\"abc\":{\"label\":\"half");
        List<String> warnings = new ArrayList<>();
        LabelStore s = LabelStore.in(dir, warnings::add);
        assertNull(s.get("abc"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("corrupt"), warnings.get(0));
        try (Stream<Path> l = Files.list(dir)) {
            List<Path> aside = l.filter(p -> p.getFileName().toString().startsWith("labels.json.corrupt-")).toList();
            assertEquals(1, aside.size());
            assertTrue(Files.readString(aside.get(0)).contains("half"), "the old bytes are kept");
        }
        s.set("def", "new");
        assertEquals("new", s.get("def"));
    }

    @Test
    void sigkillDuringAThousandWritesLosesNoAcknowledgedLabel(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("fleet");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LabelWriterMain.class.getName(), dir.toString(), "1000").redirectErrorStream(true).start();
        List<Integer> acked = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("ack ")) acked.add(Integer.parseInt(line.substring(4)));
                if (acked.size() == 300) {
                    p.destroyForcibly(); // SIGKILL, mid-run
                    break;
                }
            }
        }
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertTrue(acked.size() >= 300 && acked.size() < 1000, "killed in the middle: " + acked.size() + " acknowledged");
        Map<String, Object> root = Json.parseObject(Files.readAllBytes(dir.resolve("labels.json")));
        Map<String, Object> labels = Json.obj(root, "labels");
        for (int i : acked) {
            Map<String, Object> e = Json.obj(labels, "session-" + i);
            assertEquals("label " + i, e == null ? null : e.get("label"), "acknowledged label " + i);
        }
        List<String> warnings = new ArrayList<>();
        assertTrue(LabelStore.in(dir, warnings::add).all().size() >= acked.size());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }
}
