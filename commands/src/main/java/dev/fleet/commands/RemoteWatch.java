package dev.fleet.commands;

import dev.fleet.core.json.Json;
import dev.fleet.core.layer.Watcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code watch} (and a workspace tile) on an agent of another host: the host's own fleet plans the viewer
 * ({@code fleet watch <pid> --json}, one call over the shared connection: the host knows its tmux, which
 * clients show the window, how to make the read-only session), and this machine runs {@code ssh -t} with
 * that argv, each word quoted once for the remote shell. The host's plan is data: at most
 * {@link #MAX_PLAN} bytes, a JSON object read strictly, about the pid asked, whose argv runs the host's
 * {@code tmux} (optionally behind exactly {@code env -u TMUX -u TMUX_PANE}) and nothing else.
 */
public final class RemoteWatch {
    /** A plan is a few hundred bytes; anything near this is not one. */
    static final int MAX_PLAN = 64 << 10;
    /** What the host's TmuxWatcher puts before tmux (so tmux may nest); the only prefix accepted. */
    private static final List<String> ENV_PREFIX = List.of("env", "-u", "TMUX", "-u", "TMUX_PANE");

    private RemoteWatch() {}

    /** A remote viewer: the host, the argv its fleet planned (to run there), the local ssh argv and the note. */
    public record Plan(String host, List<String> remote, List<String> local, String note) {
        Watcher.Plan watcher() {
            return new Watcher.Plan("ssh", note, local);
        }
    }

    /** Thrown with one line saying why there is no plan (the host's own error, or why its answer is refused). */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exit;

        Refused(String why, int exit) {
            super(why);
            this.exit = exit;
        }

        /** The exit code to hand on (the host's fleet's, else 5). */
        public int exit() {
            return exit;
        }
    }

    /** Asks {@code host}'s fleet for the viewer of its agent {@code pid} and builds the local ssh argv. */
    public static Plan plan(Settings s, RemoteAgents provider, String host, long pid) {
        RemoteAgents.Ran r;
        try {
            r = provider.run(s, host, List.of("watch", Long.toString(pid), "--json"), java.time.Duration.ofSeconds(8));
        } catch (RuntimeException e) {
            throw new Refused("host " + host + ": " + e.getMessage(), dev.fleet.core.ExitCodes.ERROR);
        }
        if (r.exit() != 0) {
            String err = RemoteTarget.printable(r.err()).strip();
            int nl = err.lastIndexOf('\n');
            throw new Refused("host " + host + ": " + (err.isEmpty() ? "fleet watch exited " + r.exit() : err.substring(nl + 1)), r.exit());
        }
        List<String> remote;
        String note;
        try {
            Map<String, Object> j = parse(r.out(), pid);
            remote = argv(j.get("argv"));
            note = Json.str(j, "note");
        } catch (RuntimeException e) {
            throw new Refused("host " + host + ": its watch plan is refused: " + e.getMessage(), dev.fleet.core.ExitCodes.ERROR);
        }
        List<String> local = provider.viewer(s, host, remote);
        return new Plan(host, remote, local, RemoteTarget.printable(note).replace('\n', ' ') + " (on " + host + ")");
    }

    /** The host's answer as a JSON object about agent {@code pid}. */
    static Map<String, Object> parse(byte[] out, long pid) {
        if (out.length > MAX_PLAN) throw new IllegalArgumentException("larger than " + (MAX_PLAN >> 10) + " KiB");
        Map<String, Object> j = Json.parseObject(new String(out, StandardCharsets.UTF_8));
        if (!(j.get("agent") instanceof Map<?, ?> a) || !(a.get("pid") instanceof Number n) || n.longValue() != pid) {
            throw new IllegalArgumentException("it is not about pid " + pid);
        }
        if (!"tmux".equals(j.get("layer"))) throw new IllegalArgumentException("its layer is not tmux: " + j.get("layer"));
        if (!(j.get("note") instanceof String)) throw new IllegalArgumentException("no note");
        return j;
    }

    /** The argv: strings without NUL, running the host's tmux (behind {@link #ENV_PREFIX} at most). */
    static List<String> argv(Object o) {
        if (!(o instanceof List<?> l) || l.isEmpty()) throw new IllegalArgumentException("no argv");
        List<String> out = new ArrayList<>();
        for (Object w : l) {
            if (!(w instanceof String s) || s.indexOf('\0') >= 0) throw new IllegalArgumentException("an argv word that is not a string");
            out.add(s);
        }
        int at = out.size() > ENV_PREFIX.size() && out.subList(0, ENV_PREFIX.size()).equals(ENV_PREFIX) ? ENV_PREFIX.size() : 0;
        if (!out.get(at).equals("tmux")) throw new IllegalArgumentException("its argv does not run tmux: " + RemoteTarget.printable(out.get(at)));
        return List.copyOf(out);
    }
}
