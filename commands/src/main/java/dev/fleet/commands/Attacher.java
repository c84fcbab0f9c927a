package dev.fleet.commands;

import dev.fleet.core.claude.Agent;

/**
 * {@code switch --attach}: opens a terminal attached to an agent no tmux client shows. Found through
 * ServiceLoader (the implementation lives with the terminals); none registered: exit 3 as without --attach.
 */
public interface Attacher {
    /** @return the exit code of {@code switch --attach} */
    int open(Settings settings, Console console, Agent agent);
}
