package dev.fleet.commands;

import dev.fleet.core.util.Services;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The command table: every {@link Command} registered as a service by the module whose capability it
 * is (ls, switch, next, label, doctor here; demo and workspace in workspace; daemon in daemon;
 * completion in cli). picocli's tree and help, the fast path's parser, the daemon's served ops, the
 * launcher's lane, completion and the man page all read it; adding a command is one file and one line
 * in its module's {@code META-INF/services/dev.fleet.commands.Command}.
 */
public final class CommandTable {
    private CommandTable() {}

    /**
     * The caller's environment variables a served command needs (where its files are, how to reach the
     * window manager, kitty and tmux, how to colour): the launcher's lane and the JVM client forward just
     * these to the daemon, which runs the command with them instead of its own.
     */
    public static final List<String> FORWARDED_ENV = List.of("HOME", "CLAUDE_CONFIG_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
            "XDG_RUNTIME_DIR", "DISPLAY", "WAYLAND_DISPLAY", "I3SOCK", "SWAYSOCK", "KITTY_LISTEN_ON", "KITTY_WINDOW_ID",
            "KITTY_PID", "TMUX", "TMUX_PANE", "TMUX_TMPDIR", "NO_COLOR", "TERM", "PATH", "FLEET_BIN");

    /** Every registered command (hidden ones too), in the order of {@code fleet --help}'s command list. */
    public static List<Command> all() {
        List<Command> out = new ArrayList<>(Services.load(Command.class));
        out.sort(Comparator.comparingInt(c -> c.spec().order()));
        return out;
    }

    /**
     * The command named {@code name}, or null. The hotkey path asks this once per run, so only the chosen
     * command is made: each line of a services file says its command's name in a comment
     * ({@code dev.fleet.commands.LsCommand # ls}, which ServiceLoader ignores; {@code CommandIndexTest} keeps
     * the comments true), and the class a line names is made alone. A name no comment gives (a typo, a
     * module without the comments) is looked for as before: providers made one by one until the match.
     */
    public static Command find(String name) {
        Command named = named(name);
        if (named != null) return named;
        for (Command c : ServiceLoader.load(Command.class)) if (c.spec().name().equals(name)) return c;
        return null;
    }

    /** The command whose services line names {@code name} in its comment, made; null when none does (or it is not that command). */
    private static Command named(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) loader = CommandTable.class.getClassLoader();
        try {
            java.util.Enumeration<java.net.URL> files = loader.getResources("META-INF/services/" + Command.class.getName());
            while (files.hasMoreElements()) {
                String cls = ServicesIndex.classNamed(files.nextElement(), name);
                if (cls == null) continue;
                Command c = Class.forName(cls, true, loader).asSubclass(Command.class).getConstructor().newInstance();
                return c.spec().name().equals(name) ? c : null;
            }
        } catch (java.io.IOException | ReflectiveOperationException | ClassCastException e) {
            // an unreadable file or a stale line: the ServiceLoader's own search below decides
        }
        return null;
    }

    /** The commands the daemon serves by running their handler. */
    public static List<Command> served() {
        List<Command> out = new ArrayList<>();
        for (Command c : all()) if (c.spec().servedOp() != null) out.add(c);
        return out;
    }

    /** The daemon ops the lane forms of every command go to ({@code table}, {@code list}, {@code switch}, {@code next}). */
    public static java.util.Set<String> laneOps() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Command c : all()) for (LaneForm f : c.spec().lane()) out.add(f.op());
        return out;
    }

    /** The command the daemon serves under {@code op}, or null. */
    public static Command servedAs(String op) {
        for (Command c : all()) if (op.equals(c.spec().servedOp())) return c;
        return null;
    }
}
