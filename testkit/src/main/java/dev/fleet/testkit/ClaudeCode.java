package dev.fleet.testkit;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.ExecException;
import dev.fleet.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real Claude Code CLI, pinned to {@value #VERSION}, run against a {@link FakeModelApi} with a
 * private config dir. The config dir's {@code .claude.json} is seeded (onboarding done, API key
 * approved, each cwd trusted) before each process starts, because Claude Code rewrites that file from
 * memory and would lose entries added while it runs.
 *
 * <pre>{@code
 * try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.named();
 *      ClaudeCode claude = ClaudeCode.create(api)) {
 *     ClaudeAgent a = claude.startInTmux(tmux, "work", dir);
 *     a.prompt("hello");
 *     a.awaitStatus("idle", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class ClaudeCode implements AutoCloseable {
    public static final String VERSION = "2.1.330";
    public static final String PACKAGE = "@anthropic-ai/claude-code";
    /** Any {@code sk-ant-…} string works against the fake API; its last 20 characters are pre-approved. */
    public static final String API_KEY = "sk-ant-api03-fleet-test-key-0000000000000000000000";

    /**
     * Environment that keeps the CLI offline and quiet: no auto-update, telemetry, error reporting,
     * feature-flag fetches or other non-essential traffic (names found in the 2.1.330 binary).
     */
    public static final Map<String, String> QUIET_ENV = Map.ofEntries(
            Map.entry("DISABLE_AUTOUPDATER", "1"),
            Map.entry("DISABLE_UPDATES", "1"),
            Map.entry("DISABLE_TELEMETRY", "1"),
            Map.entry("DISABLE_ERROR_REPORTING", "1"),
            Map.entry("DISABLE_GROWTHBOOK", "1"),
            Map.entry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"),
            Map.entry("CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY", "1"),
            Map.entry("CLAUDE_CODE_DISABLE_TERMINAL_TITLE", "1"),
            // otherwise it git-clones its plugin marketplace from GitHub (ssh, then https) at start
            Map.entry("CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL", "1"),
            // no IDE integration (it still runs one `ps aux` looking for IDEs; harmless)
            Map.entry("CLAUDE_CODE_AUTO_CONNECT_IDE", "0"),
            Map.entry("CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL", "1"));

    /** Claude Code can be neither found nor installed. */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message);
        }
    }

    private final FakeModelApi api;
    private final Path configDir;
    private final boolean ownsConfigDir;
    private final Set<Path> trusted = new LinkedHashSet<>();
    private final List<ClaudeAgent> agents = new ArrayList<>();

    private ClaudeCode(FakeModelApi api, Path configDir, boolean owns) {
        this.api = api;
        this.configDir = configDir;
        this.ownsConfigDir = owns;
    }

    /** A CLI with a fresh private config dir (deleted on close). */
    public static ClaudeCode create(FakeModelApi api) {
        try {
            return new ClaudeCode(api, Files.createTempDirectory("fleet-test-claude-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CLI using {@code configDir} (kept on close), e.g. one shared with {@link StandInAgent}s. */
    public static ClaudeCode create(FakeModelApi api, Path configDir) {
        try {
            Files.createDirectories(configDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClaudeCode(api, configDir, false);
    }

    private Path tmpDir;

    /** This instance's TMPDIR for its Claude Code processes. */
    synchronized Path tmpDir() {
        if (tmpDir == null) {
            try {
                tmpDir = Files.createTempDirectory("fleet-test-claude-tmp-");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return tmpDir;
    }

    public Path configDir() {
        return configDir;
    }

    /**
     * The environment of a fleet (command or daemon) run beside this Claude Code: its config dir (with the
     * sessions folder Claude Code makes), {@code home} as HOME with its state under it, and the runtime dir
     * {@code runtime} (short: under /tmp, for socket paths). Mutable: a test adds its own.
     */
    public java.util.Map<String, String> fleetEnv(Path home, Path runtime) throws IOException {
        Files.createDirectories(configDir.resolve("sessions"));
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("CLAUDE_CONFIG_DIR", configDir.toString());
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        return env;
    }

    public FakeModelApi api() {
        return api;
    }

    // --- locating and installing the CLI ---------------------------------------------------------

    /**
     * {@code ${XDG_CACHE_HOME:-$HOME/.cache}/fleet-test/claude-code} of the developer: the parent pom
     * passes their cache as {@code fleet.user.cache}, since the test JVM's own XDG_CACHE_HOME is a
     * private dir emptied every run (the install would be repeated each time).
     */
    public static Path installDir() {
        String user = System.getProperty("fleet.user.cache");
        String cache = user == null ? System.getenv("XDG_CACHE_HOME") : user.startsWith("${") ? null : user;
        Path base = cache == null || cache.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
        return base.resolve("fleet-test").resolve("claude-code");
    }

    /**
     * The CLI's executable: the native binary when the platform package is there, else npm's
     * {@code .bin/claude}. Installs the pinned version with npm first when it is missing (once, under
     * a file lock, so parallel test JVMs do not race).
     *
     * @throws UnavailableException when it is missing and cannot be installed
     */
    public static synchronized Path binary() {
        Path dir = installDir();
        Path found = installed(dir);
        if (found != null) return found;
        try {
            Files.createDirectories(dir.getParent());
            try (FileChannel ch = FileChannel.open(dir.getParent().resolve("claude-code.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                found = installed(dir); // another JVM may have finished while we waited
                if (found != null) return found;
                install(dir);
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot install Claude Code into " + dir + ": " + e.getMessage());
        }
        found = installed(dir);
        if (found == null) throw new UnavailableException("npm installed " + PACKAGE + "@" + VERSION + " into " + dir + " but no claude executable is there");
        return found;
    }

    /** The executable if the pinned version is installed in {@code dir}, else null. */
    private static Path installed(Path dir) {
        Path nm = dir.resolve("node_modules");
        try {
            Path pkg = nm.resolve(PACKAGE).resolve("package.json");
            if (!Files.isRegularFile(pkg) || !VERSION.equals(Json.str(Json.parseObject(Files.readAllBytes(pkg)), "version"))) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Path nativeBin = nm.resolve("@anthropic-ai/claude-code-linux-x64/claude");
        if (Files.isExecutable(nativeBin)) return nativeBin;
        Path bin = nm.resolve(".bin/claude");
        return Files.isExecutable(bin) ? bin : null;
    }

    private static void install(Path dir) throws IOException {
        if (!Exec.onPath("npm")) {
            throw new UnavailableException("Claude Code " + VERSION + " is not in " + dir + " and npm is not on PATH to install it "
                    + "(apt-get install npm, or run: npm install --prefix " + dir + " " + PACKAGE + "@" + VERSION + ")");
        }
        Files.createDirectories(dir);
        System.err.println("[testkit] installing " + PACKAGE + "@" + VERSION + " into " + dir + " (once)");
        Exec.Result r;
        try {
            r = Exec.withTimeout(Duration.ofMinutes(10)).run(
                    List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", dir.toString(), PACKAGE + "@" + VERSION),
                    Map.of(), null);
        } catch (ExecException e) {
            throw new UnavailableException("npm install " + PACKAGE + "@" + VERSION + " failed: " + e.getMessage());
        }
        if (!r.ok()) throw new UnavailableException("npm install " + PACKAGE + "@" + VERSION + " failed: " + r.firstErrorLine());
    }

    // --- config dir and environment --------------------------------------------------------------

    /** Marks folders trusted; call before starting processes in them ({@link #startInTmux} does it too). */
    public synchronized ClaudeCode trust(Path... cwds) {
        for (Path c : cwds) trusted.add(real(c));
        seed();
        return this;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * Writes {@code .claude.json}, keeping whatever a running Claude Code put there and adding our
     * entries: onboarding done, the key approved, each trusted folder accepted.
     */
    @SuppressWarnings("unchecked")
    private synchronized void seed() {
        Path file = configDir.resolve(".claude.json");
        Map<String, Object> root = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(file)) root = Json.parseObject(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            root = new LinkedHashMap<>(); // half-written by Claude Code: start over, our entries are all that matter
        }
        root.put("hasCompletedOnboarding", true);
        root.put("autoUpdates", false);
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("approved", List.of(API_KEY.substring(API_KEY.length() - 20)));
        keys.put("rejected", List.of());
        root.put("customApiKeyResponses", keys);
        Map<String, Object> projects = root.get("projects") instanceof Map ? (Map<String, Object>) root.get("projects") : new LinkedHashMap<>();
        for (Path t : trusted) {
            Map<String, Object> p = projects.get(t.toString()) instanceof Map ? (Map<String, Object>) projects.get(t.toString()) : new LinkedHashMap<>();
            p.put("hasTrustDialogAccepted", true);
            projects.put(t.toString(), p);
        }
        root.put("projects", projects);
        try {
            Files.createDirectories(configDir);
            Path tmp = Files.createTempFile(configDir, ".claude.json.", ".tmp");
            Files.writeString(tmp, Json.write(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment a Claude Code process needs: fake API, key, config dir, quiet switches. */
    public Map<String, String> env() {
        Map<String, String> e = new LinkedHashMap<>(QUIET_ENV);
        e.put("ANTHROPIC_API_KEY", API_KEY);
        e.put("ANTHROPIC_BASE_URL", api.baseUrl());
        e.put("CLAUDE_CONFIG_DIR", configDir.toString());
        // Claude Code keeps a claude-<uid> dir in TMPDIR: one per instance, deleted on close, not the run's
        e.put("TMPDIR", tmpDir().toString());
        return e;
    }

    /** argv: the binary in the default permission mode (the default, auto, would approve tool calls). */
    public static List<String> command() {
        return List.of(binary().toString(), "--permission-mode", "default");
    }

    // --- running ---------------------------------------------------------------------------------

    /**
     * Starts Claude Code in {@code cwd} in a new pane (see {@link TmuxServer#newPane}: a new session
     * {@code target}, a new window of it if it exists, or a split of pane {@code %N}); returns once its
     * session file exists and its prompt accepts keys.
     */
    public ClaudeAgent startInTmux(TmuxServer tmux, String target, Path cwd) {
        return startInTmux(tmux, target, cwd, Duration.ofSeconds(60));
    }

    public ClaudeAgent startInTmux(TmuxServer tmux, String target, Path cwd, Duration startTimeout) {
        List<String> argv = command();
        trust(cwd);
        long t0 = System.nanoTime();
        TmuxServer.Pane pane = tmux.newPane(target, cwd, env(), argv);
        ClaudeAgent agent = new ClaudeAgent(this, tmux, pane, cwd);
        synchronized (agents) {
            agents.add(agent);
        }
        agent.awaitStarted(startTimeout, t0);
        return agent;
    }

    /** Kills every agent started here and, if this instance made the config dir, deletes it. */
    @Override
    public void close() {
        List<ClaudeAgent> all;
        synchronized (agents) {
            all = new ArrayList<>(agents);
        }
        for (ClaudeAgent a : all) a.kill();
        if (ownsConfigDir) dev.fleet.testguard.TestDirs.deleteTree(configDir);
        synchronized (this) {
            if (tmpDir != null) dev.fleet.testguard.TestDirs.deleteTree(tmpDir);
        }
    }

}
