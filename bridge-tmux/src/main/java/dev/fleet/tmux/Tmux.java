package dev.fleet.tmux;

import dev.fleet.core.exec.Exec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs tmux commands against one server, always by socket path ({@code -S}), never the ambient one. */
public final class Tmux {
    private final Exec exec;
    private final Path socket;

    public Tmux(Exec exec, Path socket) {
        this.exec = exec;
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Runs {@code tmux -u -S socket args…}; TMUX is cleared so nesting rules never interfere. {@code -u}:
     * without a UTF-8 locale (a daemon started by a service manager, {@code env -i}) tmux writes every
     * control character of a format as {@code _}, the tab between fields included, and every non-ASCII
     * byte of a session name as {@code _} too.
     */
    public Exec.Result run(List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 4);
        argv.add("tmux");
        argv.add("-u");
        argv.add("-S");
        argv.add(socket.toString());
        for (String a : args) argv.add(argvSafe(a));
        Map<String, String> env = new HashMap<>();
        env.put("TMUX", null);
        return failOnSocketError(exec.run(argv, env, null));
    }

    /**
     * {@code a} as tmux's argv reading takes it literally: an argument ending in {@code ;} ends a command
     * there (tmux drops the {@code ;}), so a session named {@code x;} would be sought as {@code x}; a
     * {@code \;} at the end is read as a literal {@code ;}. A lone {@code ";"} stays the separator.
     */
    static String argvSafe(String a) {
        return a.length() > 1 && a.endsWith(";") ? a.substring(0, a.length() - 1) + "\\;" : a;
    }

    /**
     * The result, with exit 1 when tmux said it could not create or reach its socket: tmux 3.3 exits
     * 0 after "error creating /path (No such file or directory)", and a caller must not then parse an
     * empty output as if a server had started.
     */
    public static Exec.Result failOnSocketError(Exec.Result r) {
        return r.exit() == 0 && isSocketError(r.err()) ? new Exec.Result(1, r.out(), r.err()) : r;
    }

    /** True when stderr holds tmux's "error creating …" or "error connecting to …". */
    public static boolean isSocketError(String err) {
        return err.contains("error creating ") || err.contains("error connecting to ");
    }

    public Exec.Result run(String... args) {
        return run(Arrays.asList(args));
    }

    /** Runs and throws {@link TmuxException} with tmux's own message when it fails. */
    public String check(String... args) {
        Exec.Result r = run(args);
        if (!r.ok()) throw new TmuxException("tmux " + args[0] + " on " + socket + ": " + r.firstErrorLine());
        return r.out();
    }

    /** True when the message is tmux saying there is no server at that socket (stale or dead). */
    public static boolean isNoServer(String err) {
        return err.contains("no server running") || err.contains("error connecting to")
                || err.contains("Connection refused") || err.contains("No such file or directory");
    }
}
