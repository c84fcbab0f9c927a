package dev.fleet.workspace;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.core.util.AtomicFiles;
import dev.fleet.core.util.Ids;
import dev.fleet.tmux.Tmux;
import dev.fleet.tmux.TmuxException;
import dev.fleet.tmux.TmuxSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code fleet demo}: four stand-in agents on a private tmux server with their own Claude config dir,
 * so a new user sees fleet work without touching anything real. {@code fleet demo stop} removes it all.
 */
public final class DemoFleet {
    /** A stand-in: where it sits in tmux, what it pretends to be doing and since how long. */
    private record StandIn(String project, String branch, String session, String window, boolean split,
            String status, long ageMillis) {}

    private static final List<StandIn> STAND_INS = List.of(
            new StandIn("api", "feat/auth", "agents", "api", false, "waiting", 185_000),
            new StandIn("web", "main", "agents", "web", false, "busy", 42_000),
            new StandIn("docs", "docs/v2", "agents", "web", true, "idle", 2 * 3600_000 + 300_000),
            new StandIn("infra", "main", "ops", "deploy", false, "waiting", 25_000));

    private final Map<String, String> env;
    private final Path stateDir;
    private final Path procRoot;
    private final Reporter console;
    private final Consumer<Path> listAgents;
    private final Exec exec = Exec.withTimeout(Duration.ofSeconds(5));

    /**
     * @param listAgents lists the agents of a Claude config dir the way {@code fleet ls} does (the demo
     *                   shows its stand-ins with it)
     */
    public DemoFleet(Map<String, String> env, Path stateDir, Path procRoot, Reporter console, Consumer<Path> listAgents) {
        this.env = env;
        this.stateDir = stateDir;
        this.procRoot = procRoot;
        this.console = console;
        this.listAgents = listAgents;
    }

    Path dir() {
        return stateDir.resolve("demo");
    }

    public int start() throws IOException {
        if (!Exec.onPath("tmux")) {
            console.error("fleet demo needs tmux, which is not installed: `sudo apt-get install tmux` "
                    + "(Debian/Ubuntu), `sudo dnf install tmux` (Fedora) or `brew install tmux` (macOS)");
            return ExitCodes.ERROR;
        }
        Path dir = dir();
        Map<String, Object> previous = readState();
        if (previous != null && running(previous)) {
            console.note("a demo is already running (" + Json.str(previous, "socket") + "); showing it");
            return show(Json.str(previous, "socket"));
        }
        if (previous != null) deleteTree(dir);
        String name = "fleet-demo-" + Ids.uid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path socket = TmuxSockets.forName(name, env.get("TMUX_TMPDIR"), Ids.uid());
        try {
            // on a fresh machine tmux-<uid>/ does not exist yet, and tmux -S would not create it
            TmuxSockets.ensurePrivateDir(socket.getParent());
        } catch (TmuxException e) {
            console.error("demo: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        AtomicFiles.privateDir(dir);
        Tmux tmux = new Tmux(exec, socket);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("socket", socket.toString());
        state.put("tmux_name", name);
        state.put("config_dir", configDir().toString());
        AtomicFiles.write(dir.resolve("demo.json"), Json.writePretty(state).getBytes(StandardCharsets.UTF_8));
        try {
            long now = System.currentTimeMillis();
            List<Object> pids = new ArrayList<>();
            for (StandIn s : STAND_INS) pids.add(launch(tmux, s, now));
            state.put("pids", pids);
            AtomicFiles.write(dir.resolve("demo.json"), Json.writePretty(state).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            console.error("demo: could not start the stand-ins: " + e.getMessage() + "; cleaning up");
            stop();
            return ExitCodes.ERROR;
        }
        return show(socket.toString());
    }

    private int show(String socket) {
        listAgents.accept(configDir());
        String cfg = Shell.quote(configDir().toString());
        console.out("");
        console.out("Four stand-in agents run on a private tmux server; nothing real was touched. Try:");
        // FLEET_AUTOSTART=0: these try-outs must not start a daemon that watches the demo's dir instead of yours
        String hintEnv = "FLEET_AUTOSTART=0 CLAUDE_CONFIG_DIR=" + cfg;
        console.out("  " + hintEnv + " ./fleet ls --json");
        console.out("  " + hintEnv + " ./fleet switch web --dry-run   # how fleet would bring it forward");
        console.out("  " + hintEnv + " ./fleet next --dry-run         # the one waiting longest");
        console.out("  tmux -S " + Shell.quote(socket) + " attach      # see the stand-ins (detach: C-b d)");
        console.out("  ./fleet ls                   # your real agents");
        console.out("  ./fleet demo stop            # remove the demo");
        return ExitCodes.OK;
    }

    private Path configDir() {
        return dir().resolve("claude");
    }

    /** Starts one stand-in process in its pane and writes the session file Claude Code would write. */
    private int launch(Tmux tmux, StandIn s, long now) throws IOException {
        Path project = dir().resolve("projects").resolve(s.project());
        Files.createDirectories(project.resolve(".git"));
        Files.writeString(project.resolve(".git/HEAD"), "ref: refs/heads/" + s.branch() + "\n");
        String banner = "stand-in agent '" + s.project() + "' (" + s.status() + ") - a fleet demo, not a real Claude Code";
        String cmd = "printf '%s\\n' " + Shell.quote(banner) + "; exec sleep 2147483647";
        String out;
        boolean sessionExists = tmux.run("has-session", "-t", "=" + s.session()).ok();
        if (!sessionExists) {
            out = tmux.check("new-session", "-d", "-s", s.session(), "-n", s.window(), "-x", "160", "-y", "40",
                    "-c", project.toString(), "-P", "-F", "#{pane_pid}", cmd);
        } else if (s.split()) {
            out = tmux.check("split-window", "-d", "-t", "=" + s.session() + ":" + s.window(), "-c", project.toString(),
                    "-P", "-F", "#{pane_pid}", cmd);
        } else {
            out = tmux.check("new-window", "-d", "-t", "=" + s.session() + ":", "-n", s.window(), "-c", project.toString(),
                    "-P", "-F", "#{pane_pid}", cmd);
        }
        if (!out.trim().matches("[0-9]+")) throw new IOException("tmux gave no pane pid for " + s.project() + " (got '" + out.trim() + "')");
        int pid = Integer.parseInt(out.trim());
        long start = ProcSnapshot.readStat(procRoot, pid)
                .orElseThrow(() -> new IOException("stand-in " + s.project() + " exited at once")).startTicks();
        long since = now - s.ageMillis();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("pid", pid);
        f.put("sessionId", UUID.randomUUID().toString());
        f.put("cwd", project.toString());
        f.put("startedAt", since - 600_000);
        f.put("procStart", Long.toString(start));
        f.put("version", "2.1.330");
        f.put("kind", "interactive");
        f.put("entrypoint", "cli");
        f.put("name", s.project() + "-" + Integer.toHexString(pid & 0xff));
        f.put("nameSource", "derived");
        f.put("status", s.status());
        f.put("updatedAt", since);
        f.put("statusUpdatedAt", since);
        AtomicFiles.write(configDir().resolve("sessions").resolve(pid + ".json"),
                Json.writePretty(f).getBytes(StandardCharsets.UTF_8));
        return pid;
    }

    public int stop() throws IOException {
        Map<String, Object> state = readState();
        if (state == null && !Files.exists(dir())) {
            console.note("no demo is running");
            return ExitCodes.OK;
        }
        if (state != null && Json.str(state, "socket") != null) {
            // Only the demo's own private server is killed; it holds nothing but the stand-ins.
            Path socket = Path.of(Json.str(state, "socket"));
            new Tmux(exec, socket).run("kill-server");
            // tmux leaves its socket file behind; this one is ours alone and must not look like a stale server
            if (TmuxSockets.isSocket(socket)) Files.deleteIfExists(socket);
        }
        deleteTree(dir());
        console.note("demo stopped and removed");
        return ExitCodes.OK;
    }

    private boolean running(Map<String, Object> state) {
        String socket = Json.str(state, "socket");
        return socket != null && new Tmux(exec, Path.of(socket)).run("has-session").ok();
    }

    private Map<String, Object> readState() {
        Path f = dir().resolve("demo.json");
        try {
            return Files.isRegularFile(f) ? Json.parseObject(Files.readAllBytes(f)) : null;
        } catch (IOException | RuntimeException e) {
            console.warn("ignoring unreadable " + f + ": " + e.getMessage());
            return null;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
