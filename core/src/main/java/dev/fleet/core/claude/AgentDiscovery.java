package dev.fleet.core.claude;

import dev.fleet.core.json.Json;
import dev.fleet.core.json.JsonException;
import dev.fleet.core.layer.Layers;
import dev.fleet.core.proc.ProcInfo;
import dev.fleet.core.proc.ProcSnapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns {@code $CLAUDE_CONFIG_DIR/sessions/*.json} plus one /proc snapshot into agents. Malformed or
 * unreadable files are skipped with one warning each; the rest are still listed.
 */
public final class AgentDiscovery {
    /** Session files are small; a bigger one is not Claude Code's and is not read whole. */
    private static final long MAX_SESSION_BYTES = 1 << 20;
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path configDir;
    private final Consumer<String> warn;
    private final Function<String, String> labels;
    private final Set<String> hintEnv;
    private final Transcripts transcripts;

    /** Reads from each agent's environ the variables the layers on the class path ask for. */
    public AgentDiscovery(Path configDir, Consumer<String> warn, Function<String, String> labels) {
        this(configDir, warn, labels, Layers.load().hintEnv());
    }

    /**
     * @param configDir the Claude config dir ({@code $CLAUDE_CONFIG_DIR}, default {@code ~/.claude})
     * @param warn      receives one line per skipped file
     * @param labels    session id → fleet label (or null)
     * @param hintEnv   the variables read from each live agent's environ (where its terminal, tmux and
     *                  window manager are): {@link Layers#hintEnv()}
     */
    public AgentDiscovery(Path configDir, Consumer<String> warn, Function<String, String> labels, Set<String> hintEnv) {
        this.configDir = configDir;
        this.warn = warn;
        this.labels = labels;
        this.hintEnv = Set.copyOf(hintEnv);
        this.transcripts = new Transcripts(configDir);
    }

    /** The transcript reader (and its cache) this discovery consults for busy and waiting agents. */
    public Transcripts transcripts() {
        return transcripts;
    }

    public Path sessionsDir() {
        return configDir.resolve("sessions");
    }

    /** Every agent whose process is alive (and, with {@code includeDead}, stale ones marked dead). */
    public List<Agent> discover(ProcSnapshot proc, boolean includeDead) {
        List<Agent> out = new ArrayList<>();
        for (Path file : sessionFiles()) {
            readSession(file).ifPresent(s -> {
                boolean alive = isAlive(proc, s);
                if (alive || includeDead) out.add(toAgent(s, alive, proc));
            });
        }
        out.sort(AgentOrder.LISTING);
        return out;
    }

    /** The regular {@code *.json} files of the sessions dir; none when it does not exist. */
    public List<Path> sessionFiles() {
        List<Path> files = new ArrayList<>();
        Path dir = sessionsDir();
        if (!Files.isDirectory(dir)) return files;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) files.add(p);
                } catch (IOException e) {
                    // vanished between listing and stat: the agent just exited
                }
            }
        } catch (IOException e) {
            warn.accept("cannot read " + dir + ": " + e.getMessage());
        }
        files.sort(null);
        return files;
    }

    /** Parses one session file; empty (with a warning, unless it vanished) when it cannot be used. */
    public Optional<SessionFile> readSession(Path file) {
        String fname = file.getFileName().toString();
        int fallbackPid = 0;
        String stem = fname.substring(0, fname.length() - ".json".length());
        if (stem.chars().allMatch(Character::isDigit) && !stem.isEmpty() && stem.length() < 10) {
            fallbackPid = Integer.parseInt(stem);
        }
        try {
            if (Files.size(file) > MAX_SESSION_BYTES) {
                warn.accept("skipping " + file + ": larger than 1 MiB, not a Claude Code session file");
                return Optional.empty();
            }
            SessionFile s = SessionFile.from(Json.parseObject(Files.readAllBytes(file)), fallbackPid);
            if (s.pid() <= 0) {
                warn.accept("skipping " + file + ": no pid");
                return Optional.empty();
            }
            if (s.sessionId() == null || !SAFE_ID.matcher(s.sessionId()).matches()) {
                warn.accept("skipping " + file + ": missing or invalid sessionId");
                return Optional.empty();
            }
            return Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            warn.accept("skipping " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            return Optional.empty();
        } catch (JsonException e) {
            warn.accept("skipping " + file + ": malformed JSON (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** Alive when the pid exists and, if the file records it, its start time matches (PID reuse guard). */
    public static boolean isAlive(ProcSnapshot proc, SessionFile s) {
        Optional<ProcInfo> info = proc.get(s.pid());
        if (info.isEmpty()) return false;
        if (s.procStart() == null || s.procStart().isBlank()) return true;
        try {
            return Long.parseLong(s.procStart().trim()) == info.get().startTicks();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public Agent toAgent(SessionFile s, boolean alive, ProcSnapshot proc) {
        AgentState state = alive ? AgentState.fromStatus(s.status()) : AgentState.DEAD;
        Map<String, String> hints = alive ? proc.environ(s.pid(), hintEnv) : Map.of();
        String branch = s.cwd() == null ? null : GitBranch.of(Path.of(s.cwd()));
        long since = s.statusUpdatedAt();
        String waitingFor = null;
        if (state == AgentState.BUSY || state == AgentState.WAITING) {
            // a question or plan approval some versions report as busy; the transcript says it waits
            Optional<PendingQuestion> q = transcripts.pending(s.cwd(), s.sessionId());
            if (q.isPresent()) {
                if (state == AgentState.BUSY) {
                    state = AgentState.WAITING;
                    since = Math.max(since, q.get().at()); // it waits since the call, not since the turn began
                }
                waitingFor = q.get().reason();
            } else if (state == AgentState.WAITING) {
                waitingFor = s.waitingFor();
            }
        }
        return new Agent(
                s.pid(), s.sessionId(), s.name(), labels.apply(s.sessionId()),
                Sidecars.goal(configDir, s.sessionId()), Sidecars.ctxPct(configDir, s.sessionId()),
                s.cwd(), branch, state, since, state == AgentState.WAITING ? since : null, waitingFor,
                s.startedAt(), s.version(), hints, List.of());
    }
}
