package dev.fleet.testkit;

import dev.fleet.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for tests: Debian's Chromium, headless, driven by npm's {@code playwright-core} (pinned,
 * {@link #PLAYWRIGHT_VERSION}) from a node script the test names. The script reads one JSON command a line
 * on stdin and answers one JSON line on stdout; this class sends a command and waits for its answer.
 * {@code .ci/run} installs both; {@link Require#browser()} skips (or fails in CI) without them.
 */
public final class Browser implements AutoCloseable {
    public static final String PLAYWRIGHT_VERSION = "1.65.1";
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(64);
    private final StringBuilder log = new StringBuilder();

    private Browser(Process p) {
        this.process = p;
        this.in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(() -> read(p, true), "browser-out");
        Thread err = new Thread(() -> read(p, false), "browser-err");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Where {@code .ci/run} (or a developer) installed playwright-core: the same cache as Claude Code's. */
    public static Path playwrightDir() {
        return ClaudeCode.installDir().resolveSibling("playwright").resolve("node_modules").resolve("playwright-core");
    }

    /** Starts {@code node script} with the browser and the driver's paths in its environment. */
    public static Browser start(Path script) throws IOException {
        Require.browser();
        ProcessBuilder pb = new ProcessBuilder("node", script.toString());
        pb.environment().put("PLAYWRIGHT_CORE", playwrightDir().toString());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        return new Browser(pb.start());
    }

    private void read(Process p, boolean stdout) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stdout ? p.getInputStream() : p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (stdout && line.startsWith("{")) answers.offer(line);
                else synchronized (log) {
                    log.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Sends one command and returns its answer; an answer with {@code error} fails the test with it. */
    public Map<String, Object> call(Map<String, Object> command, Duration timeout) {
        try {
            in.write(Json.write(command) + "\n");
            in.flush();
            String a = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (a == null) throw new AssertionError("the browser did not answer " + command + " within " + timeout.toSeconds() + " s; its log:\n" + log());
            Map<String, Object> m = Json.parseObject(a);
            if (m.get("error") != null) throw new AssertionError("the browser: " + m.get("error") + " (for " + command + "); its log:\n" + log());
            return m;
        } catch (IOException e) {
            throw new AssertionError("the browser's driver is gone: " + e.getMessage() + "; its log:\n" + log());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Sends a command without waiting: its answer is read later with {@link #answer(Duration)}. */
    public void post(Map<String, Object> command) throws IOException {
        in.write(Json.write(command) + "\n");
        in.flush();
    }

    public Map<String, Object> answer(Duration timeout) throws InterruptedException {
        String a = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (a == null) throw new AssertionError("no answer from the browser within " + timeout.toSeconds() + " s; its log:\n" + log());
        Map<String, Object> m = Json.parseObject(a);
        if (m.get("error") != null) throw new AssertionError("the browser: " + m.get("error") + "; its log:\n" + log());
        return m;
    }

    public String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    @Override
    public void close() {
        // taken now: once the driver is gone its Chromium is no longer its descendant
        List<ProcessHandle> left = new ArrayList<>(process.descendants().toList());
        try {
            in.close();
        } catch (IOException e) {
            // gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // a headless Chromium the driver could not close
        left.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** True when both are installed; what is missing otherwise, for {@link Require#browser()}. */
    static String missing() {
        if (!Files.isExecutable(CHROMIUM)) return "Chromium is not at " + CHROMIUM + " (apt-get install chromium)";
        if (dev.fleet.core.exec.Exec.which("node") == null) return "node is not on PATH (apt-get install nodejs)";
        if (!Files.isRegularFile(playwrightDir().resolve("package.json"))) {
            return "playwright-core is not in " + playwrightDir() + " (npm install --prefix " + playwrightDir().getParent().getParent()
                    + " playwright-core@" + PLAYWRIGHT_VERSION + ")";
        }
        return null;
    }
}
