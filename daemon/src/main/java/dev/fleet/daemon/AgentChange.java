package dev.fleet.daemon;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;

/**
 * One change of the daemon's picture, as {@link Reactor}s receive it (subscribers get the same change
 * as a JSON event). {@code from} is the previous state for {@link Kind#STATE}, else null; for
 * {@link Kind#REMOVED} {@code agent} is the agent as it was last seen. {@code host}: null for this machine's
 * agents, else the ssh destination of the host whose stream said it (such an agent has no locations here,
 * its session file is on that host); only a {@link Reactor} that {@link Reactor#remoteToo() wants them}
 * receives those.
 */
public record AgentChange(Kind kind, Agent agent, AgentState from, long at, String host) {
    public enum Kind { ADDED, REMOVED, STATE, LABEL }

    /** A change of this machine's picture. */
    public AgentChange(Kind kind, Agent agent, AgentState from, long at) {
        this(kind, agent, from, at, null);
    }

    public boolean remote() {
        return host != null;
    }
}
