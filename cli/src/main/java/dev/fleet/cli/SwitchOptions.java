package dev.fleet.cli;

import java.util.ArrayList;
import java.util.List;

/** Options of {@code fleet switch <query>} and {@code fleet next}; {@link #parse} is the picocli-free reader. */
public record SwitchOptions(String query, boolean dryRun, boolean json, boolean verbose, boolean attach,
        List<String> tmuxSockets, boolean debug) {

    /** Parses the simple forms; null for anything else (help, typos, a missing query), left to picocli. */
    public static SwitchOptions parse(String[] args, int from, boolean wantsQuery) {
        boolean dry = false, json = false, verbose = false, attach = false, debug = false;
        List<String> sockets = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--dry-run": case "-n": dry = true; break;
                case "--json": json = true; break;
                case "--verbose": case "-v": verbose = true; break;
                case "--attach": attach = true; break;
                case "--debug": debug = true; break;
                case "--tmux-socket":
                    if (i + 1 >= args.length) return null;
                    sockets.add(args[++i]);
                    break;
                default:
                    if (a.startsWith("--tmux-socket=")) sockets.add(a.substring("--tmux-socket=".length()));
                    else if (a.startsWith("-")) return null;
                    else words.add(a);
            }
        }
        if (wantsQuery == words.isEmpty()) return null;
        return new SwitchOptions(String.join(" ", words), dry, json, verbose, attach, List.copyOf(sockets), debug);
    }
}
