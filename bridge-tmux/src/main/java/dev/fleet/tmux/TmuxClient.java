package dev.fleet.tmux;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An attached tmux client: the terminal that shows a session.
 *
 * @param viewer an {@code ignore-size} client or one on a {@code fleet-ws-} linked session — a pane of
 *               fleet's workspace aggregator (or another viewer) — never the terminal the user means
 *               to bring forward
 */
public record TmuxClient(int pid, String tty, long activity, String sessionName, boolean viewer) {
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("tty", tty);
        m.put("activity", activity);
        m.put("session", sessionName);
        return m;
    }
}
