package dev.fleet.commands;

import dev.fleet.core.claude.Agent;

/**
 * {@code switch --attach}: opens a terminal attached to an agent no tmux client shows. Found through
 * ServiceLoader (the implementation lives with the terminals); none registered: exit 3 as without --attach.
 */
public interface Attacher {
    /** @return the exit code of {@code switch --attach} */
    int open(Settings settings, Console console, Agent agent);

    /**
     * {@code switch --attach} on another host's agent: opens a terminal running {@code argv} (the {@code ssh -t}
     * attach). Whether it attached is the caller's to check (only the host's tmux knows).
     *
     * @return 0 when a terminal opened, else the exit code of switch (its line printed)
     */
    default int openCommand(Settings settings, Console console, String title, java.util.List<String> argv) {
        console.error("--attach: no terminal opener; attach with: " + dev.fleet.core.exec.Shell.join(argv));
        return dev.fleet.core.ExitCodes.NOT_SHOWN;
    }
}
