package dev.fleet.commands;

import dev.fleet.core.claude.AgentState;
import java.util.Map;

/**
 * A row of the {@code ls} table from another host's {@code fleet ls --json} object. Every string is the
 * host's data: control characters are dropped (no escape sequence reaches the terminal) and a missing or
 * mistyped field shows as {@code -}.
 */
final class RemoteRow {
    private RemoteRow() {}

    static AgentState state(Map<String, Object> m) {
        String s = str(m, "state");
        return s.equals("dead") ? AgentState.DEAD : AgentState.fromStatus(s);
    }

    static String[] cells(Map<String, Object> m, long now) {
        AgentState st = state(m);
        Long since = st == AgentState.WAITING && num(m, "waiting_since") != null ? num(m, "waiting_since") : num(m, "state_since");
        String state = st.label() + (since != null && since > 0 && since <= now ? " " + Ages.format(now - since) : "");
        Long pid = num(m, "pid");
        return new String[] {AgentTable.shorten(str(m, "name")), state, pid == null ? "-" : pid.toString(), where(m),
                str(m, "cwd"), str(m, "branch")};
    }

    /** {@code tmux <server>:<pane> <session>} from the host's tmux location; the rest is the host's business. */
    private static String where(Map<String, Object> m) {
        if (!(m.get("tmux") instanceof Map<?, ?> t)) return "-";
        @SuppressWarnings("unchecked")
        Map<String, Object> tm = (Map<String, Object>) t;
        return "tmux " + str(tm, "server") + ":" + str(tm, "pane_id") + " " + str(tm, "session");
    }

    static String str(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String s) || s.isEmpty()) return "-";
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .forEach(b::appendCodePoint);
        return b.length() == 0 ? "-" : b.toString();
    }

    private static Long num(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : null;
    }
}
