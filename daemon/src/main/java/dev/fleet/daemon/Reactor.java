package dev.fleet.daemon;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.config.FleetConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A part of the daemon that acts on the fleet's changes where the user already looks — marks in tmux,
 * kitty and the window manager, desktop notifications. Each is registered in
 * {@code META-INF/services/dev.fleet.daemon.Reactor}; the daemon starts every one it finds and feeds
 * them the picture's changes on one thread of their own, in order, after the picture was published
 * (a slow reactor delays other reactors, never the picture, a request or a subscriber).
 */
public interface Reactor {
    /** Its name in logs and its key prefix in the config file ({@code notify}, {@code mark}). */
    String name();

    /**
     * Called once when the daemon starts, before any change, with the agents already there (for which it
     * may show what it would have shown had it seen them arrive). Returns false to stay off (turned off
     * in the config file, no session bus…), having said why through {@code ctx.log()} when it matters.
     */
    boolean start(Context ctx, List<Agent> agents);

    /** One change of the picture. Must not throw for a failure of the outside world: log it and go on. */
    void changed(AgentChange change);

    /**
     * Whether it also gets other hosts' agents' changes ({@link AgentChange#remote()}): notifications do;
     * marks do not (the agent's pane is on that host, whose own daemon marks it).
     */
    default boolean remoteToo() {
        return false;
    }

    /** The daemon stops: remove what it still shows (no mark or notification outlives the daemon). */
    void stop();

    /**
     * What a reactor may use: the daemon's environment (DISPLAY, DBUS_SESSION_BUS_ADDRESS, …), the
     * user's settings, the daemon's log, the current picture, and a way to bring an agent to the front
     * (a notification's "Show": the daemon's own {@code switch}, returning its exit code).
     */
    record Context(Map<String, String> env, FleetConfig config, Consumer<String> log, Supplier<List<Agent>> picture,
            java.util.function.ToIntFunction<Agent> focus) {}
}
