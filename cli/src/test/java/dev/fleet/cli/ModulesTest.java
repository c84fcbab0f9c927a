package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every module's tests run under testguard (private dirs, the Reaper, the leak and CI-skip check): a
 * module with tests must have testguard — itself or through testkit — on its test class path, and a
 * README saying what it owns and may import.
 */
class ModulesTest {
    private static final Path REPO = Path.of(System.getProperty("fleet.repo", ".."));

    static List<String> modules() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(REPO.resolve("pom.xml")));
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void everyModuleWithTestsRunsThemUnderTheGuard() throws IOException {
        List<String> unguarded = new ArrayList<>();
        for (String m : modules()) {
            if (m.equals("testguard") || !Files.isDirectory(REPO.resolve(m).resolve("src/test"))) continue;
            String pom = Files.readString(REPO.resolve(m).resolve("pom.xml"));
            if (!pom.contains("<artifactId>fleet-testguard</artifactId>") && !pom.contains("<artifactId>fleet-testkit</artifactId>")
                    && !m.equals("testkit")) {
                unguarded.add(m);
            }
        }
        assertEquals(List.of(), unguarded, "modules whose tests run without testguard");
    }

    @Test
    void everyModuleHasAReadmeSayingWhatItMayImport() throws IOException {
        for (String m : modules()) {
            Path readme = REPO.resolve(m).resolve("README.md");
            assertTrue(Files.exists(readme), m + " has no README.md");
            String text = Files.readString(readme).toLowerCase(java.util.Locale.ROOT);
            assertTrue(text.contains("import") || text.contains("depend"), m + "/README.md does not say what it may import");
        }
    }
}
