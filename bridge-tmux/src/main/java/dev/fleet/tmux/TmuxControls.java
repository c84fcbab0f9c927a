package dev.fleet.tmux;

import dev.fleet.core.exec.Exec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The daemon's {@link TmuxControl} clients, one per tmux server it switched on: started at the first
 * switch there, kept, and started anew when one ended (its server or session gone) or failed to answer.
 * Outside a daemon none is installed and every command list is a {@code tmux} process, as always.
 */
public final class TmuxControls implements AutoCloseable {
    /** How long a control client may take to answer before the commands are run by a process instead. */
    static final long ANSWER_MS = 300;

    private static volatile TmuxControls installed;

    private final String program;
    private final Consumer<String> log;
    private final Map<Path, TmuxControl> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param program the tmux to start ({@code "tmux"} from PATH) */
    public TmuxControls(String program, Consumer<String> log) {
        this.program = program;
        this.log = log;
    }

    /** Makes {@code c} the one this JVM's switches use (the daemon, at its start). */
    public static void install(TmuxControls c) {
        installed = c;
    }

    /**
     * Runs {@code args} on {@code tmux}'s server through its control client when one is installed (starting it
     * on {@code sessionId} when there is none), else — or when the client cannot answer in time — as a
     * {@code tmux} process. Either way the result is what the process would have given.
     */
    public static Exec.Result run(Tmux tmux, String sessionId, List<String> args) {
        TmuxControls c = installed;
        if (c != null) {
            var r = c.tryRun(tmux.socket(), sessionId, args);
            if (r != null) return r;
        }
        return tmux.run(args);
    }

    /** The answer through the server's control client, or null when the caller must spawn. */
    Exec.Result tryRun(Path socket, String sessionId, List<String> args) {
        if (closed) return null;
        TmuxControl c = clients.get(socket);
        if (c != null && !c.usable()) {
            log.accept("tmux control client on " + socket + " (pid " + c.pid() + ") " + c.why() + "; starting another");
            clients.remove(socket, c);
            c.close();
            c = null;
        }
        if (c == null) c = startOn(socket, sessionId);
        if (c == null) return null;
        var r = c.run(args, ANSWER_MS);
        if (r.isPresent()) return r.get();
        if (!c.usable()) log.accept("tmux control client on " + socket + " (pid " + c.pid() + ") " + c.why() + "; this switch runs tmux");
        return null;
    }

    private synchronized TmuxControl startOn(Path socket, String sessionId) {
        TmuxControl c = clients.get(socket);
        if (c != null || closed) return c;
        try {
            c = TmuxControl.start(program, socket, sessionId);
        } catch (IOException e) {
            log.accept("cannot start a tmux control client on " + socket + ": " + e.getMessage());
            return null;
        }
        clients.put(socket, c);
        return c;
    }

    /** The control clients' pids, by server (tests, status). */
    public Map<Path, Long> pids() {
        Map<Path, Long> m = new java.util.TreeMap<>();
        clients.forEach((s, c) -> m.put(s, c.pid()));
        return m;
    }

    /** Ends every control client; uninstalls this one. */
    @Override
    public synchronized void close() {
        closed = true;
        if (installed == this) installed = null;
        List<TmuxControl> all = new ArrayList<>(clients.values());
        clients.clear();
        for (TmuxControl c : all) c.close();
    }
}
