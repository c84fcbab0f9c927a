package dev.fleet.tmux;

import java.util.LinkedHashMap;
import java.util.Map;

/** An attached tmux client: the terminal that shows a session. */
public record TmuxClient(int pid, String tty, long activity, String sessionName) {
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("tty", tty);
        m.put("activity", activity);
        m.put("session", sessionName);
        return m;
    }
}
