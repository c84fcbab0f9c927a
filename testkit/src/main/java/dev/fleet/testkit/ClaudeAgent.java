package dev.fleet.testkit;

import dev.fleet.core.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One real Claude Code process in a tmux pane, started by {@link ClaudeCode#startInTmux}. Its state
 * is read from its own {@code sessions/<pid>.json}, as fleet itself reads it.
 */
public final class ClaudeAgent implements AutoCloseable {
    /** The footer Claude Code shows once its prompt accepts keys. */
    public static final String READY = "\\? for shortcuts";

    private final ClaudeCode claude;
    private final TmuxServer tmux;
    private final TmuxServer.Pane pane;
    private final Path cwd;
    private volatile int pid;
    private volatile ProcessHandle process;
    private volatile Path sessionFile;
    private long sessionFileMillis;
    private long readyMillis;

    ClaudeAgent(ClaudeCode claude, TmuxServer tmux, TmuxServer.Pane pane, Path cwd) {
        this.claude = claude;
        this.tmux = tmux;
        this.pane = pane;
        this.cwd = cwd;
    }

    /** Waits for the session file of a process in the pane's tree, then for the prompt's footer. */
    void awaitStarted(Duration timeout, long t0) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path sessions = claude.configDir().resolve("sessions");
        while (sessionFile == null) {
            Set<Long> tree = new HashSet<>();
            ProcessHandle.of(pane.pid()).ifPresent(h -> {
                tree.add(h.pid());
                h.descendants().forEach(d -> tree.add(d.pid()));
            });
            if (Files.isDirectory(sessions)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(sessions, "*.json")) {
                    for (Path f : ds) {
                        String stem = f.getFileName().toString().replace(".json", "");
                        if (stem.matches("\\d{1,9}") && tree.contains(Long.parseLong(stem))) {
                            pid = Integer.parseInt(stem);
                            process = ProcessHandle.of(pid).orElse(null);
                            sessionFile = f;
                        }
                    }
                } catch (IOException e) {
                    // the dir is being written; look again
                }
            }
            if (sessionFile != null) break;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Claude Code in pane " + pane.id() + " wrote no session file within "
                        + timeout.toSeconds() + " s; the pane shows:\n" + screen() + "\nAPI requests:\n" + claude.api().log());
            }
            TmuxServer.sleep(50);
        }
        sessionFileMillis = (System.nanoTime() - t0) / 1_000_000;
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        tmux.waitForText(pane.id(), READY, Duration.ofMillis(left));
        readyMillis = (System.nanoTime() - t0) / 1_000_000;
        System.err.println("[testkit] Claude Code pid " + pid + " in " + pane.id() + ": session file after "
                + sessionFileMillis + " ms, prompt ready after " + readyMillis + " ms");
    }

    public int pid() {
        return pid;
    }

    public String paneId() {
        return pane.id();
    }

    public int panePid() {
        return pane.pid();
    }

    public Path cwd() {
        return cwd;
    }

    public Path sessionFile() {
        return sessionFile;
    }

    public Path configDir() {
        return claude.configDir();
    }

    /** Milliseconds from starting the pane until the session file appeared. */
    public long sessionFileMillis() {
        return sessionFileMillis;
    }

    /** Milliseconds from starting the pane until the prompt accepted keys. */
    public long readyMillis() {
        return readyMillis;
    }

    /** The session file's fields, as Claude Code last wrote them. */
    public Map<String, Object> session() {
        try {
            return Json.parseObject(Files.readAllBytes(sessionFile));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + sessionFile + ": " + e.getMessage());
        }
    }

    /** The session file's {@code status}, or null while it cannot be read. */
    public String status() {
        try {
            return Json.str(Json.parseObject(Files.readAllBytes(sessionFile)), "status");
        } catch (IOException | RuntimeException e) {
            return null; // mid-rewrite or gone
        }
    }

    /** What the pane shows now. */
    public String screen() {
        try {
            return tmux.capturePane(pane.id());
        } catch (AssertionError e) {
            return "(pane gone: " + e.getMessage() + ")";
        }
    }

    /** Types {@code text} into the prompt and submits it. */
    public void prompt(String text) {
        int before = occurrences(screen(), text);
        tmux.sendText(pane.id(), text);
        // Enter in the same burst as the text can be taken as part of a paste (a newline, not submit):
        // once the prompt shows the text, Claude Code has taken the burst, so Enter comes on its own.
        awaitTyped(text, before, Duration.ofSeconds(15));
        tmux.sendKeys(pane.id(), "Enter");
    }

    /** Waits until the pane shows {@code text} once more than {@code before} times (or a paste placeholder). */
    private void awaitTyped(String text, int before, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String s = screen();
            if (occurrences(s, text) > before || s.contains("[Pasted text")) return;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the prompt of agent " + pid + " did not show the typed text '" + text
                        + "' within " + timeout.toSeconds() + " s; the pane shows:\n" + s);
            }
            TmuxServer.sleep(30);
        }
    }

    /** How often {@code text} appears on {@code screen}, ignoring line wraps and the prompt box's borders. */
    static int occurrences(String screen, String text) {
        String hay = squash(screen), needle = squash(text);
        if (needle.isEmpty()) return 0;
        int n = 0;
        for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    private static String squash(String s) {
        return s.replaceAll("[\\s\u2502\u256d\u256e\u2570\u256f\u2500]", "");
    }

    /**
     * Polls the session file until its {@code status} is {@code status}; returns its fields.
     *
     * @throws AssertionError on timeout, with the last status, the screen and the API log
     */
    public Map<String, Object> awaitStatus(String status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, Object> s = Json.parseObject(Files.readAllBytes(sessionFile));
                if (status.equals(Json.str(s, "status"))) return s;
            } catch (IOException | RuntimeException e) {
                // rewritten right now; read again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("agent " + pid + " did not become " + status + " within " + timeout.toSeconds()
                        + " s (status " + status() + "); the pane shows:\n" + screen() + "\nAPI requests:\n" + claude.api().log());
            }
            TmuxServer.sleep(50);
        }
    }

    /** The question line of Claude Code's permission prompt. */
    public static final String PERMISSION_PROMPT = "Do you want to proceed\\?";

    /**
     * Answers the permission prompt with its default choice, "1. Yes". Claude Code ignores keys for a
     * moment after the prompt appears (so a stray Enter cannot approve), so this presses Enter until
     * the prompt is gone, looking before each press so an accepted Enter is never repeated.
     */
    public void approve() {
        tmux.waitForText(pane.id(), PERMISSION_PROMPT, Duration.ofSeconds(30));
        java.util.regex.Pattern question = java.util.regex.Pattern.compile(PERMISSION_PROMPT);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (question.matcher(screen()).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the permission prompt of agent " + pid + " did not take Enter; the pane shows:\n" + screen());
            }
            TmuxServer.sleep(500);
            if (!question.matcher(screen()).find()) break;
            tmux.sendKeys(pane.id(), "Enter");
            for (int i = 0; i < 20 && question.matcher(screen()).find(); i++) TmuxServer.sleep(100);
        }
    }

    /** Kills the Claude Code process (SIGTERM, then SIGKILL after 5 s); its pane closes with it. */
    public void kill() {
        ProcessHandle h = process;
        if (h == null || !h.isAlive()) return;
        h.destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (h.isAlive() && System.nanoTime() < deadline) TmuxServer.sleep(20);
        if (h.isAlive()) h.destroyForcibly();
    }

    public boolean isAlive() {
        ProcessHandle h = process;
        return h != null && h.isAlive();
    }

    @Override
    public void close() {
        kill();
    }
}
