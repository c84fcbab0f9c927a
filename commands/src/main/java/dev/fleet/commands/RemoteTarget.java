package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.exec.Shell;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An agent on another host that a query chose when none of this machine's matched: {@code peek}, {@code send}
 * and {@code label} run the same command on its host ({@link #relay}), by its pid (unambiguous there);
 * {@code switch} and {@code next} give the {@code ssh -t} command that attaches to its tmux pane. The host's
 * listing comes from the daemon's streams when this runs in the daemon, else from asking the hosts.
 */
record RemoteTarget(RemoteAgents provider, String host, Map<String, Object> agent) {
    private static final Pattern WINDOW_ID = Pattern.compile("@\\d+");
    private static final Pattern PANE_ID = Pattern.compile("%\\d+");

    /** What the hosts answered for a query: the agent it chose, or null; {@code down}: the hosts that did not answer (or null). */
    record Found(RemoteTarget target, String down) {
        static final Found NONE = new Found(null, null);

        /**
         * Nothing matched here nor on the hosts that answered: with a host down the answer is unknown, so one line
         * naming it and exit 5; else -1 (the caller says "no agent matches" as for this machine alone).
         */
        int unknown(Console c, String query) {
            if (down == null) return -1;
            c.error("no agent matches '" + query + "' on this machine or the hosts that answered; " + down);
            return ExitCodes.ERROR;
        }

        /** Nothing matched on {@code host}, the one host {@code --host} named: why, in one line, and the exit code. */
        int missingOn(Console c, String query, String host) {
            if (down != null) {
                c.error(down + "; cannot match '" + query + "' there");
                return ExitCodes.ERROR;
            }
            c.error("no agent matches '" + query + "' on host " + host);
            return ExitCodes.NO_MATCH;
        }
    }

    /** The remote agent {@code query} matches best (none: no hosts module, no hosts, no match). */
    static Found find(Settings s, String query) {
        return find(s, query, null);
    }

    /**
     * As {@link #find(Settings, String)}, over host {@code only}'s agents alone when it is not null ({@code --host}):
     * that host's listing only is asked for (or taken from the daemon's streams), so no other host's agent can win.
     */
    static Found find(Settings s, String query, String only) {
        RemoteAgents p = RemoteAgents.load();
        if (p == null || !p.configured(s)) return Found.NONE;
        List<String> down = new ArrayList<>();
        RemoteMatch.Hit h = RemoteMatch.choose(listings(p, s, down::add, only), query);
        if (h != null) return new Found(new RemoteTarget(p, h.host(), h.agent()), null);
        return new Found(null, down.isEmpty() ? null : String.join("; ", down));
    }

    /** The remote agent waiting longest, or null (a host that does not answer is a warning, as in ls). */
    static RemoteTarget longestWaiting(Settings s, Console c) {
        RemoteAgents p = RemoteAgents.load();
        if (p == null || !p.configured(s)) return null;
        RemoteMatch.Hit h = RemoteMatch.longestWaiting(listings(p, s, c::warn, null));
        return h == null ? null : new RemoteTarget(p, h.host(), h.agent());
    }

    /** {@code next --host H}: H's agent waiting longest; none: {@code down} says why H did not answer (or null). */
    static Found longestWaitingOn(Settings s, String only) {
        RemoteAgents p = RemoteAgents.load();
        if (p == null || !p.configured(s)) return Found.NONE;
        List<String> down = new ArrayList<>();
        RemoteMatch.Hit h = RemoteMatch.longestWaiting(listings(p, s, down::add, only));
        if (h != null) return new Found(new RemoteTarget(p, h.host(), h.agent()), null);
        return new Found(null, down.isEmpty() ? null : String.join("; ", down));
    }

    /**
     * The daemon's cached picture of every host (or of {@code only}) when it has one, else each host (or
     * {@code only}) asked now. With {@code only}, a host whose stream is down counts as down when its last
     * known agents hold no match: what it has now is unknown.
     */
    private static List<RemoteAgents.Listing> listings(RemoteAgents p, Settings s, java.util.function.Consumer<String> down, String only) {
        RemoteAgents.Streams st = RemoteAgents.RUNNING.get();
        if (st != null && !st.settling()) {
            if (only == null) return st.cached();
            List<RemoteAgents.Listing> mine = st.cached().stream().filter(l -> l.host().equals(only)).toList();
            for (RemoteAgents.Listing l : mine) if (l.stale() != null) down.accept("host " + only + ": " + l.stale());
            if (!mine.isEmpty()) return mine;
        }
        RemoteAgents.Pending pending = p.ask(s, only == null ? List.of() : List.of(only), false);
        return pending == null ? List.of() : pending.await(w -> down.accept(w.replace("; its agents are not listed", "")));
    }

    String pid() {
        return Long.toString(((Number) agent.get("pid")).longValue());
    }

    /** {@code api (pid 4242 on r1)}, for messages. */
    String who() {
        return RemoteRow.str(agent, "name") + " (pid " + pid() + " on " + host + ")";
    }

    long waitStart() {
        return RemoteMatch.waitStart(agent);
    }

    /**
     * Runs {@code fleet <args>} on the host and relays its stdout as is (peek --ansi means escapes), its stderr
     * without control characters, and its exit code; a host that cannot be reached: one line, exit 5.
     */
    int relay(Settings s, Console c, List<String> args, Duration timeout) {
        c.verbose("agent " + who() + ": running fleet " + args.get(0) + " there");
        RemoteAgents.Ran r;
        try {
            r = provider.run(s, host, args, timeout);
        } catch (RuntimeException e) {
            c.error("host " + host + ": " + e.getMessage() + "; nothing done to " + who());
            return ExitCodes.ERROR;
        }
        c.out().print(new String(r.out(), StandardCharsets.UTF_8));
        c.out().flush();
        String err = printable(r.err());
        if (!err.isEmpty()) c.err().print(err.endsWith("\n") ? err : err + "\n");
        return r.exit();
    }

    /**
     * {@code switch}/{@code next} on a remote agent: no local terminal is known to show it, so exit 3 with the
     * command that attaches (or, with --dry-run, the plan); {@code --json} reports it as data.
     */
    int focus(Settings s, Console c, Args o, boolean served) {
        List<String> argv = attachArgv();
        if (argv != null && !o.flag("--dry-run")) {
            // a local terminal already showing the host's tmux is used before any new one
            int shown = RemoteShown.focus(s, c, this, (String) ((Map<?, ?>) agent.get("tmux")).get("socket"), tmuxTarget());
            if (shown >= 0) {
                if (o.flag("--json")) c.out().println(Json.writePretty(report(false, argv, shown == ExitCodes.OK ? null : "not shown")));
                return shown;
            }
        }
        if (argv != null && o.flag("--attach") && !o.flag("--dry-run")) {
            // the wait for the host's tmux may outlast the caller's, whose fallback would open a second terminal
            if (served) throw new dev.fleet.core.daemon.Protocol.Failure(dev.fleet.core.daemon.Protocol.BAD_REQUEST,
                    "switch --attach on a remote agent runs directly");
            for (Attacher a : java.util.ServiceLoader.load(Attacher.class)) {
                java.util.Set<String> before = LocalSsh.connections(s.procRoot(), ProcSnapshot.read(s.procRoot())).keySet();
                int code = a.openCommand(s, c, "fleet: " + RemoteRow.str(agent, "name") + " on " + host, argv);
                if (code == ExitCodes.OK) code = attached(s, c, before, Shell.join(argv));
                if (o.flag("--json")) c.out().println(Json.writePretty(report(false, argv, code == ExitCodes.OK ? null : "not attached")));
                return code;
            }
        }
        String cmd = argv == null ? null : Shell.join(argv);
        boolean dry = o.flag("--dry-run");
        String error = argv == null ? who() + " is in no tmux pane fleet can attach to over ssh"
                : "host " + host + ": no local terminal is known to show " + who() + "; attach with: " + cmd;
        if (o.flag("--json")) {
            c.out().println(Json.writePretty(report(dry, argv, dry ? null : error)));
        } else if (dry) {
            c.out().println("agent: " + who() + ", " + RemoteRow.str(agent, "state"));
            c.out().println("  1. ssh: " + (cmd == null ? "no tmux pane to attach to" : "attach with: " + cmd));
        }
        if (dry) return ExitCodes.OK;
        c.error(error);
        return argv == null ? ExitCodes.FOCUS_FAILED : ExitCodes.NOT_SHOWN;
    }

    /** switch's {@code --json} for a remote agent: ok unless it failed or only says how to attach; the attach argv as data. */
    private Map<String, Object> report(boolean dry, List<String> argv, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", error == null);
        m.put("dry_run", dry);
        m.put("host", host);
        m.put("agent", agent);
        m.put("attach", argv);
        m.put("error", error);
        return m;
    }

    /**
     * Done when the new terminal's ssh reached the host and the host's tmux shows a client that came over it on
     * the agent's session: first a new ssh connection here (read from /proc, no call), then the host's tmux
     * asked for the clients over it ({@code __clients --from}), up to 15 s (a login's time). The host's tmux
     * itself, never its fleet's listing: a daemon there serves a picture whose clients are as of its last scan.
     */
    private int attached(Settings s, Console c, java.util.Set<String> before, String cmd) {
        String socket = (String) ((Map<?, ?>) agent.get("tmux")).get("socket");
        String session = (String) ((Map<?, ?>) agent.get("tmux")).get("session");
        String why = "no new ssh connection from this machine";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Integer> fresh = new LinkedHashMap<>(LocalSsh.connections(s.procRoot(), ProcSnapshot.read(s.procRoot())));
            fresh.keySet().removeAll(before);
            if (!fresh.isEmpty()) {
                why = "its ssh (pid " + String.join(", ", fresh.values().stream().map(String::valueOf).distinct().toList())
                        + ") connected, but " + host + "'s tmux shows no client over it on " + session;
                try {
                    RemoteAgents.Ran r = provider.run(s, host, List.of(RemoteShown.CLIENTS, socket, "--from", String.join(",", fresh.keySet())),
                            Duration.ofSeconds(8));
                    if (r.exit() == 0 && Json.parse(r.out()) instanceof List<?> l
                            && l.stream().anyMatch(o -> o instanceof Map<?, ?> m && session.equals(m.get("session")))) {
                        c.verbose("attach: " + host + "'s tmux shows the new terminal's client on " + who());
                        return ExitCodes.OK;
                    }
                    if (r.exit() != 0) why = host + "'s fleet __clients: " + printable(r.err()).strip();
                } catch (RuntimeException e) {
                    why = "asking " + host + ": " + e.getMessage();
                }
            }
            try {
                Thread.sleep(fresh.isEmpty() ? 100 : 300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        c.error("--attach: a terminal opened, but " + why + " within 15 s; attach with: " + cmd);
        return ExitCodes.NOT_SHOWN;
    }

    /**
     * {@code ssh -t -- <host> 'tmux' '-S' <socket> 'attach' '-t' '=<session>:<window>.<pane>'} from the host's
     * tmux location (as this machine's "attach with" names the very pane); null when it has none usable.
     */
    List<String> attachArgv() {
        if (!(agent.get("tmux") instanceof Map<?, ?> t)) return null;
        if (!(t.get("socket") instanceof String socket) || !socket.startsWith("/")) return null;
        if (!(t.get("session") instanceof String session) || session.isEmpty()) return null;
        if (!(t.get("window_id") instanceof String win) || !WINDOW_ID.matcher(win).matches()) return null;
        if (!(t.get("pane_id") instanceof String pane) || !PANE_ID.matcher(pane).matches()) return null;
        List<String> remote = new ArrayList<>(List.of("tmux", "-S", socket, "attach", "-t", tmuxTarget()));
        try {
            return provider.interactive(host, remote);
        } catch (IllegalArgumentException e) {
            return null; // a NUL byte: no shell word carries it
        }
    }

    /** {@code =<session>:<window id>.<pane id>}: the agent's pane on its host (its fields checked by {@link #attachArgv}). */
    private String tmuxTarget() {
        Map<?, ?> t = (Map<?, ?>) agent.get("tmux");
        return "=" + t.get("session") + ":" + t.get("window_id") + "." + t.get("pane_id");
    }

    /** The host's text without control characters other than newline and tab (no escape reaches the terminal). */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(ch -> ch == '\n' || ch == '\t' || (!Character.isISOControl(ch) && Character.getType(ch) != Character.FORMAT))
                .forEach(b::appendCodePoint);
        return b.toString();
    }
}
