package dev.fleet.core.daemon;

import java.util.Map;

/**
 * An operation the daemon serves on behalf of another module ({@code switch} and {@code next} live in
 * the cli, which owns the focus logic). Returns the reply object; throws {@link Protocol.Failure} for
 * an error reply.
 */
@FunctionalInterface
public interface DaemonOp {
    Map<String, Object> handle(Map<String, Object> request);
}
