package dev.fleet.web.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent a page means: its pid and, for another host's agent, that host (null: this machine's). The
 * daemon's commands take a query, and a pid alone could match an agent of this machine before the remote
 * one, so another host's agent goes as {@code --host H <pid>}: matched on H alone. Both parts come from the
 * daemon's own listing ({@link AgentFeed#target}), never from the page as given.
 */
record Target(String host, String pid) {
    boolean remote() {
        return host != null;
    }

    /**
     * The command line's target words, before the command's own options: always host-qualified, so a pid that
     * left this machine is "no match" rather than another host's agent of the same pid (and the reverse).
     */
    List<String> args() {
        List<String> a = new ArrayList<>(List.of("--host", host != null ? host : "local"));
        a.add(pid);
        return a;
    }
}
