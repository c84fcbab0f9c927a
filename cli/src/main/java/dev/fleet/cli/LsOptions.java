package dev.fleet.cli;

import java.util.ArrayList;
import java.util.List;

/** Options of {@code fleet ls}. {@link #parse} is the picocli-free reader for the fast path. */
public record LsOptions(boolean json, boolean all, List<String> tmuxSockets, boolean verbose, boolean debug) {

    /** Parses the simple forms; returns null for anything else (help, typos), which picocli then handles. */
    public static LsOptions parse(String[] args, int from) {
        boolean json = false, all = false, verbose = false, debug = false;
        List<String> sockets = new ArrayList<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json": json = true; break;
                case "--all": case "-a": all = true; break;
                case "--verbose": case "-v": verbose = true; break;
                case "--debug": debug = true; break;
                case "--tmux-socket":
                    if (i + 1 >= args.length) return null;
                    sockets.add(args[++i]);
                    break;
                default:
                    if (a.startsWith("--tmux-socket=")) sockets.add(a.substring("--tmux-socket=".length()));
                    else return null;
            }
        }
        return new LsOptions(json, all, List.copyOf(sockets), verbose, debug);
    }
}
