package dev.fleet.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.cli.FleetProcess;
import dev.fleet.core.exec.Exec;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testkit.TmuxServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive, the direct path's speed: it is recorded in the background from
 * {@code fleet __warm}, which takes the hotkey commands' direct paths — {@code switch} included — without
 * printing anything or changing what a tmux client shows; the next run then loads the switch path's
 * classes from it. Checked with tmux's own list-clients and the JVM's own class-loading log.
 */
class ClassArchiveIT {
    @TempDir
    Path tmp;

    @Test
    void warmUpPrintsNothingAndFocusesNothing() throws Exception {
        Require.tools("tmux");
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        try (TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
             StandInAgent api = agent(config, "api", "busy", tmux);
             StandInAgent web = agent(config, "web", "waiting", tmux)) {
            attachClient(tmux, outer, "api");
            // web waits, so it is listed first: the warm-up plans a switch to it, and must not make it
            Exec.Result r = FleetProcess.run(Map.of("CLAUDE_CONFIG_DIR", config.toString(), "FLEET_NO_DAEMON", "1"), "__warm");
            assertEquals(0, r.exit(), r.err());
            assertEquals("", r.out());
            assertEquals("", r.err());
            assertEquals("api", String.join("\n", tmux.userClients("#{client_session}")), "the client still shows api");
            Exec.Result help = FleetProcess.run(Map.of(), "--help");
            assertTrue(!help.out().contains("__warm"), "hidden from --help: " + help.out());
        }
    }

    @Test
    void theLauncherRecordsAnArchiveThatHoldsTheSwitchPath() throws Exception {
        Require.tools("tmux");
        Path config = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        Path runtime = Files.createTempDirectory(Path.of("/tmp"), "fca-");
        Path script = launcherWithRealJars(tmp.resolve("copy"));
        Map<String, String> env = LauncherCopy.userEnv(tmp, config, runtime);
        env.put("FLEET_NO_DAEMON", "1");
        env.put("FLEET_CDS", "1");
        Path archives = tmp.resolve("cache/fleet");
        try (TmuxServer tmux = TmuxServer.named(); TmuxServer outer = TmuxServer.named();
             StandInAgent api = agent(config, "api", "busy", tmux);
             StandInAgent web = agent(config, "web", "waiting", tmux)) {
            attachClient(tmux, outer, "api");
            Exec.Result first = run(script, env, "ls", "--json");
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.out().contains("\"web\""), first.out());

            // recorded in the background: whole (renamed when complete), the lock gone afterwards
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && (archive(archives) == null || Files.exists(archives.resolve("recording.lock")))) {
                Thread.sleep(200);
            }
            Path archive = archive(archives);
            assertTrue(archive != null && Files.size(archive) > 0, "an archive in " + archives + ": " + list(archives));
            assertTrue(archive.getFileName().toString().contains("-direct."), archive.toString());
            assertTrue(list(archives).stream().noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".config")), list(archives).toString());
            assertEquals("api", String.join("\n", tmux.userClients("#{client_session}")), "the recording focused nothing");

            // the next switch finds its own classes (the query matcher) in the archive, not on the class path
            Path log = tmp.resolve("classes.log");
            Map<String, String> traced = new HashMap<>(env);
            traced.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + log);
            Exec.Result dry = run(script, traced, "switch", "web", "--dry-run");
            assertEquals(0, dry.exit(), dry.err());
            String query = Files.readAllLines(log).stream().filter(l -> l.contains(" dev.fleet.core.query.AgentQuery "))
                    .findFirst().orElse("(not loaded)");
            List<String> loaded = Files.readAllLines(log);
            assertTrue(query.contains("shared objects file"), "AgentQuery from the archive: " + query + " (of " + loaded.size()
                    + " classes, " + loaded.stream().filter(l -> l.contains("shared objects file")).count() + " from the archive "
                    + archive + "; " + dry.err() + ")");
        } finally {
            dev.fleet.testguard.TestDirs.deleteTree(runtime);
        }
    }

    private static StandInAgent agent(Path config, String name, String status, TmuxServer tmux) throws IOException {
        return StandInAgent.builder(config).cwd(Files.createDirectories(config.resolveSibling(name))).status(status)
                .statusUpdatedAt(System.currentTimeMillis() - 60_000).inTmux(tmux, name);
    }

    private static void attachClient(TmuxServer tmux, TmuxServer outer, String session) throws InterruptedException {
        List<String> attach = new ArrayList<>(List.of("env", "-u", "TMUX", "tmux"));
        attach.addAll(tmux.socketArgs());
        attach.addAll(List.of("attach", "-t", session));
        outer.newSession("term", Path.of("/tmp"), attach.toArray(String[]::new));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tmux.run("list-clients").isBlank() && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(session, String.join("\n", tmux.userClients("#{client_session}")));
    }

    private static Exec.Result run(Path script, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
        argv.addAll(List.of(args));
        return Exec.withTimeout(Duration.ofSeconds(60)).run(argv, env, null);
    }

    private static Path archive(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("fleet-jdk.*\\.(aot|jsa)")).findFirst().orElse(null);
        }
    }

    private static List<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The launcher copied beside a {@code cli/target/fleet.jar} laid out as the build lays it out (cli's
     * shade step): ONE jar holding every main-code directory of this test's class path (the modules'
     * target/classes) and every dependency jar, their {@code META-INF/services} files merged, test code
     * left out. The JVM archives no class from a directory, nor from a jar an absolute Class-Path names.
     */
    private static Path launcherWithRealJars(Path dir) throws IOException {
        Path script = Files.createDirectories(dir).resolve("fleet");
        Files.copy(Path.of(System.getProperty("fleet.repo")).resolve("fleet"), script, StandardCopyOption.REPLACE_EXISTING);
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.isEmpty() || e.contains("test-classes")) continue;
            Path p = Path.of(e).toAbsolutePath();
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        add(entries, p.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
                    }
                }
            } else if (p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(p.toFile())) {
                    for (JarEntry je : java.util.Collections.list(jar.entries())) {
                        if (!je.isDirectory()) add(entries, je.getName(), jar.getInputStream(je).readAllBytes());
                    }
                }
            }
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.fleet.cli.Main");
        m.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        Path jar = Files.createDirectories(dir.resolve("cli/target")).resolve("fleet.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            for (Map.Entry<String, byte[]> en : entries.entrySet()) {
                j.putNextEntry(new JarEntry(en.getKey()));
                j.write(en.getValue());
                j.closeEntry();
            }
        }
        return script;
    }

    /** One entry of the merged jar: the first of a name wins, a services file is appended to; as cli's shade step. */
    private static void add(Map<String, byte[]> entries, String name, byte[] bytes) {
        if (name.equals("META-INF/MANIFEST.MF") || name.endsWith("module-info.class") || name.matches("META-INF/[^/]+\\.(SF|DSA|RSA)")) return;
        byte[] had = entries.get(name);
        if (had == null) entries.put(name, bytes);
        else if (name.startsWith("META-INF/services/")) {
            byte[] both = java.util.Arrays.copyOf(had, had.length + 1 + bytes.length);
            both[had.length] = '\n';
            System.arraycopy(bytes, 0, both, had.length + 1, bytes.length);
            entries.put(name, both);
        }
    }
}
