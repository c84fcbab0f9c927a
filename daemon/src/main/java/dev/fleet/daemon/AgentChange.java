package dev.fleet.daemon;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;

/**
 * One change of the daemon's picture, as {@link Reactor}s receive it (subscribers get the same change
 * as a JSON event). {@code from} is the previous state for {@link Kind#STATE}, else null; for
 * {@link Kind#REMOVED} {@code agent} is the agent as it was last seen.
 */
public record AgentChange(Kind kind, Agent agent, AgentState from, long at) {
    public enum Kind { ADDED, REMOVED, STATE, LABEL }
}
