package dev.fleet.core.daemon;

import dev.fleet.core.claude.Agent;
import java.util.List;
import java.util.Map;

/**
 * An operation the daemon serves on behalf of another module ({@code switch} and {@code next} live in
 * the cli, which owns the focus logic). Returns the reply object; throws {@link Protocol.Failure} for
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
