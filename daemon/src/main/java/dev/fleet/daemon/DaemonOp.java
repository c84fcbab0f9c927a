package dev.fleet.daemon;

import dev.fleet.core.daemon.Protocol;
import dev.fleet.core.claude.Agent;
import java.util.List;
import java.util.Map;

/**
 * An operation the daemon serves besides its own: a served command of the command table
 * ({@link TableOps}), or a test's stand-in. Returns the reply object; throws {@link Protocol.Failure} for
 * an error reply.
 */
@FunctionalInterface
public interface DaemonOp {
    /**
     * @param picture the daemon's current agents (states current, locations from the last locate pass):
     *                an op can choose from it without scanning, and re-locate just what it acts on
     */
    Map<String, Object> handle(Map<String, Object> request, List<Agent> picture);
}
