package dev.fleet.i3;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.focus.FocusStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Brings the agent's container to the front with {@code [con_id=N] focus}, which also switches to its
 * workspace (and output). Runs first: the terminal and tmux steps act inside the window it shows.
 */
final class WmFocuser {
    static final Duration IPC_TIMEOUT = Duration.ofSeconds(2);

    List<FocusStep> plan(FocusContext ctx, Agent agent) {
        return agent.location(WmLocation.class).<List<FocusStep>>map(l -> List.of(new FocusCon(l))).orElse(List.of());
    }

    /** One RUN_COMMAND focusing one container. */
    public record FocusCon(WmLocation location) implements FocusStep {
        @Override
        public String layer() {
            return "wm";
        }

        public String command() {
            return "[con_id=" + location.conId() + "] focus";
        }

        @Override
        public String describe() {
            return location.kind().label() + ": focus con " + location.conId() + " (" + location.where() + ")";
        }

        @Override
        public void run(FocusContext ctx) {
            String wm = location.kind().label();
            try (I3Ipc ipc = I3Ipc.connect(Path.of(location.socket()), IPC_TIMEOUT)) {
                ipc.command(command());
            } catch (I3IpcException e) {
                throw new FocusException(wm + ": cannot focus con " + location.conId() + " (" + location.where()
                        + "): " + e.getMessage());
            }
        }
    }
}
