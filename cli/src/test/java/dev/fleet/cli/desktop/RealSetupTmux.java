package dev.fleet.cli.desktop;

import dev.fleet.cli.desktop.RealSetups.Sock;
import dev.fleet.core.exec.Exec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One tmux server of a real setup, named as a user names it: {@code -L name}, {@code -S path}, or no
 * option at all (tmux's default socket, in the run's private {@code TMUX_TMPDIR}, which tmux makes
 * itself). No user config ({@code -f /dev/null}) and none of the test process's {@code TMUX}.
 */
final class RealSetupTmux {
    private static final Exec EXEC = Exec.withTimeout(Duration.ofSeconds(10));

    final String id;
    final Sock sock;
    private final List<String> socketArgs;
    private final Path socketPath;
    private final Path tmuxTmpdir;

    RealSetupTmux(String id, Sock sock, Path tmuxTmpdir, int uid) {
        this.id = id;
        this.sock = sock;
        this.tmuxTmpdir = tmuxTmpdir;
        String rand = UUID.randomUUID().toString().substring(0, 8);
        Path userDir = tmuxTmpdir.resolve("tmux-" + uid);
        switch (sock) {
            case NAMED -> {
                socketArgs = List.of("-L", "fleet-mx-" + rand);
                socketPath = userDir.resolve("fleet-mx-" + rand);
            }
            case PATH -> {
                socketPath = Path.of("/tmp", "fleet-mx-" + rand + ".sock");
                socketArgs = List.of("-S", socketPath.toString());
            }
            default -> {
                socketArgs = List.of();
                socketPath = userDir.resolve("default");
            }
        }
    }

    Path socketPath() {
        return socketPath;
    }

    Map<String, String> env() {
        Map<String, String> e = new HashMap<>();
        e.put("TMUX", null);
        e.put("TMUX_PANE", null);
        e.put("TMUX_TMPDIR", tmuxTmpdir.toString());
        if (System.getenv("TERM") == null || "dumb".equals(System.getenv("TERM"))) e.put("TERM", "xterm-256color");
        return e;
    }

    /** What a user's terminal runs to show {@code session}: plain {@code tmux attach}, same naming. */
    List<String> attachArgv(String session) {
        List<String> a = new ArrayList<>(List.of("env", "TMUX_TMPDIR=" + tmuxTmpdir, "tmux"));
        a.addAll(socketArgs);
        a.addAll(List.of("attach-session", "-t", "=" + session));
        return a;
    }

    Exec.Result tryRun(String... args) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-f", "/dev/null"));
        argv.addAll(socketArgs);
        argv.addAll(List.of(args));
        return EXEC.run(argv, env(), null);
    }

    String run(String... args) {
        Exec.Result r = tryRun(args);
        if (!r.ok()) throw new AssertionError("tmux (" + id + ") " + String.join(" ", args) + ": " + r.firstErrorLine());
        return r.out();
    }

    String display(String target, String format) {
        return run("display-message", "-p", "-t", target, format).strip();
    }

    /**
     * Lines of {@code list-clients -F format} (none when the server is not running), without control-mode
     * clients: the daemon keeps one per server for its switches; it shows nothing and has no size.
     */
    List<String> clients(String format) {
        Exec.Result r = tryRun("list-clients", "-F", "#{client_control_mode} " + format);
        return r.ok() ? r.out().lines().filter(l -> l.startsWith("0 ") && !l.substring(2).isBlank()).map(l -> l.substring(2)).toList() : List.of();
    }

    boolean hasSession(String name) {
        return tryRun("has-session", "-t", "=" + name).ok();
    }

    /** Kills the server and then every pane process still alive. */
    void close() {
        Exec.Result r = tryRun("list-panes", "-a", "-F", "#{pane_pid}");
        List<ProcessHandle> procs = new ArrayList<>();
        if (r.ok()) {
            for (String l : r.out().split("\n")) {
                if (!l.isBlank()) ProcessHandle.of(Long.parseLong(l.strip())).ifPresent(procs::add);
            }
        }
        tryRun("kill-server");
        for (ProcessHandle h : procs) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
        try {
            java.nio.file.Files.deleteIfExists(socketPath);
        } catch (java.io.IOException e) {
            // best effort
        }
    }
}
