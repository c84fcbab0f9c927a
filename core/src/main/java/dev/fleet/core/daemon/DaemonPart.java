package dev.fleet.core.daemon;

import dev.fleet.core.config.FleetConfig;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Something a bridge keeps only while a daemon runs (tmux: a control client per server for its switches),
 * found with {@link java.util.ServiceLoader}: the daemon starts every part after its picture and closes
 * them when it stops, so the daemon names no bridge.
 */
public interface DaemonPart {
    /**
     * Starts the part in this JVM (the daemon's) and returns what ends it; null when the settings turn it off.
     *
     * @param env    the daemon's environment
     * @param config the user's settings file
     * @param log    the daemon's log, one line per call
     */
    AutoCloseable start(Map<String, String> env, FleetConfig config, Consumer<String> log);
}
