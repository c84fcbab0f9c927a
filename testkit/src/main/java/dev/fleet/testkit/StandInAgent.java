package dev.fleet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in for a Claude Code agent, without Claude: a small process (prints a unique marker, then
 * sleeps) plus a matching {@code sessions/<pid>.json} with the real 2.1.x field set. It runs in a tmux
 * pane ({@link Builder#inTmux}) or as a plain child process ({@link Builder#start}).
 *
 * <pre>{@code
 * StandInAgent a = StandInAgent.builder(configDir).cwd(dir).status("waiting").inTmux(tmux, "work");
 * tmux.waitForText(a.paneId(), a.marker(), Duration.ofSeconds(5));
 * a.setStatus("idle");
 * }</pre>
 */
public final class StandInAgent implements AutoCloseable {
    /** printf the marker ($1), then become `sleep` in place so the pid stays the same. */
    private static final String SCRIPT = "printf '%s\\n' \"$1\"; exec sleep 100000";

    private final Path configDir;
    private final String marker;
    private final ProcessHandle process;
    private final String paneId;
    private final Map<String, Object> fields;
    private final Path sessionFile;

    private StandInAgent(Path configDir, String marker, ProcessHandle process, String paneId, Map<String, Object> fields) {
        this.configDir = configDir;
        this.marker = marker;
        this.process = process;
        this.paneId = paneId;
        this.fields = fields;
        this.sessionFile = SessionFiles.write(configDir, fields);
    }

    /** A stand-in whose session file goes into {@code configDir} (a fake {@code $CLAUDE_CONFIG_DIR}). */
    public static Builder builder(Path configDir) {
        return new Builder(configDir);
    }

    /** Options; the defaults are an idle agent in the current directory that became idle just now. */
    public static final class Builder {
        private final Path configDir;
        private Path cwd = Path.of("").toAbsolutePath();
        private String status = "idle";
        private Long statusUpdatedAt;
        private String marker = "fleet-stand-in-" + UUID.randomUUID().toString().substring(0, 8);
        private final Map<String, Object> overrides = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(Path configDir) {
            this.configDir = configDir;
        }

        public Builder cwd(Path cwd) {
            this.cwd = cwd;
            return this;
        }

        /** {@code busy}, {@code waiting} or {@code idle} (or anything, to test unknown states). */
        public Builder status(String status) {
            this.status = status;
            return this;
        }

        /** When the status last changed, epoch ms (default: now). */
        public Builder statusUpdatedAt(long epochMillis) {
            this.statusUpdatedAt = epochMillis;
            return this;
        }

        /** The text the process prints (default: a unique {@code fleet-stand-in-<random>}). */
        public Builder marker(String marker) {
            this.marker = marker;
            return this;
        }

        /** Any session-file field, e.g. {@code name}, {@code sessionId}; null removes it. */
        public Builder field(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        /** An environment variable for the process (e.g. {@code KITTY_WINDOW_ID}). */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Starts it in a new tmux pane ({@link TmuxServer#newPane} target rules); the file gets a {@code tmux} field. */
        public StandInAgent inTmux(TmuxServer tmux, String target) {
            // "exec" keeps the pane's own process as the agent: pane_pid == the session file's pid
            TmuxServer.Pane pane = tmux.newPane(target, cwd, env, List.of("exec", "sh", "-c", SCRIPT, "sh", marker));
            ProcessHandle h = ProcessHandle.of(pane.pid())
                    .orElseThrow(() -> new AssertionError("stand-in process " + pane.pid() + " exited at once"));
            Map<String, Object> f = fields(pane.pid());
            // Claude Code records where it runs in tmux as session:@window.%pane
            if (!overrides.containsKey("tmux")) {
                f.put("tmux", tmux.display(pane.id(), "#{session_name}:#{window_id}.#{pane_id}"));
            }
            return new StandInAgent(configDir, marker, h, pane.id(), f);
        }

        /** Starts it as a plain child process of the test JVM (no terminal). */
        public StandInAgent start() {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", SCRIPT, "sh", marker).directory(cwd.toFile());
            pb.environment().remove("TMUX");
            pb.environment().remove("TMUX_PANE");
            pb.environment().putAll(env);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            try {
                Process p = pb.start();
                dev.fleet.testguard.Reaper.register(p);
                return new StandInAgent(configDir, marker, p.toHandle(), null, fields((int) p.pid()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Map<String, Object> fields(int pid) {
            long at = statusUpdatedAt == null ? System.currentTimeMillis() : statusUpdatedAt;
            Map<String, Object> f = SessionFiles.fields(pid, cwd, status, at);
            overrides.forEach((k, v) -> {
                if (v == null) f.remove(k);
                else f.put(k, v);
            });
            return f;
        }
    }

    public int pid() {
        return (int) process.pid();
    }

    /** The text the process printed (and its pane shows). */
    public String marker() {
        return marker;
    }

    /** The tmux pane id ({@code %N}), or null for a plain child process. */
    public String paneId() {
        return paneId;
    }

    public Path sessionFile() {
        return sessionFile;
    }

    public Path configDir() {
        return configDir;
    }

    public synchronized String sessionId() {
        return String.valueOf(fields.get("sessionId"));
    }

    /** The fields as last written. */
    public synchronized Map<String, Object> fields() {
        return new LinkedHashMap<>(fields);
    }

    /** Rewrites the session file (atomically) with a new status, changed now. */
    public void setStatus(String status) {
        setStatus(status, System.currentTimeMillis());
    }

    public synchronized void setStatus(String status, long statusUpdatedAt) {
        fields.put("status", status);
        fields.put("statusUpdatedAt", statusUpdatedAt);
        fields.put("updatedAt", statusUpdatedAt);
        SessionFiles.write(configDir, fields);
    }

    /** Rewrites the session file with one field changed (null removes it). */
    public synchronized void setField(String key, Object value) {
        if (value == null) fields.remove(key);
        else fields.put(key, value);
        SessionFiles.write(configDir, fields);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process but leaves its session file, as a crash does. */
    public void kill() {
        if (!process.isAlive()) return;
        process.destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) TmuxServer.sleep(10);
        if (process.isAlive()) process.destroyForcibly();
        while (process.isAlive() && System.nanoTime() < deadline + Duration.ofSeconds(2).toNanos()) TmuxServer.sleep(10);
    }

    /** Kills the process and removes its session file. */
    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(sessionFile);
        } catch (IOException e) {
            // best effort: the config dir is a test temp dir
        }
    }
}
