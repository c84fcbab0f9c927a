package dev.fleet.commands;

import dev.fleet.core.claude.AgentState;
import java.util.Map;

/** ANSI colour, only when stdout is a terminal and NO_COLOR is not set (https://no-color.org). */
public final class Style {
    private final boolean color;

    public Style(boolean color) {
        this.color = color;
    }

    public static Style detect(Map<String, String> env) {
        return detectFor(env, System.console() != null);
    }

    /** For output that goes to another process's terminal (the daemon renders for its client). */
    public static Style detectFor(Map<String, String> env, boolean tty) {
        String noColor = env.get("NO_COLOR");
        boolean dumb = "dumb".equals(env.get("TERM"));
        return new Style(tty && !dumb && (noColor == null || noColor.isEmpty()));
    }

    public boolean enabled() {
        return color;
    }

    public String state(AgentState s, String text) {
        if (!color) return text;
        switch (s) {
            case WAITING: return "\033[1;33m" + text + "\033[0m";
            case BUSY: return "\033[36m" + text + "\033[0m";
            case IDLE: return "\033[2m" + text + "\033[0m";
            case DEAD: return "\033[31m" + text + "\033[0m";
            default: return text;
        }
    }

    public String bold(String text) {
        return color ? "\033[1m" + text + "\033[0m" : text;
    }
}
