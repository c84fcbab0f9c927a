package dev.fleet.workspace;

import dev.fleet.core.util.Ids;
import dev.fleet.tmux.TmuxSockets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How and where the workspace is built.
 *
 * @param aggregatorSocket the fleet-owned tmux server the aggregator runs on (default
 *                         {@code -L fleet-workspace-<uid>}, see {@link #defaultSocket})
 * @param stateFile        {@code $XDG_STATE_HOME/fleet/workspace.json}; the event log sits beside it
 * @param layout           a tmux layout: tiled (default), even-horizontal, even-vertical, main-horizontal, main-vertical
 * @param fleetBin         the fleet executable the jump key runs ({@code fleet switch})
 */
public record WorkspaceConfig(Path aggregatorSocket, String aggregatorSession, Path stateFile, String layout,
        int width, int height, String fleetBin) {

    public static final String DEFAULT_SESSION = "fleet-workspace";
    public static final String DEFAULT_LAYOUT = "tiled";
    public static final int DEFAULT_WIDTH = 200;
    public static final int DEFAULT_HEIGHT = 50;
    public static final Set<String> LAYOUTS = Set.of("tiled", "even-horizontal", "even-vertical", "main-horizontal",
            "main-vertical");

    public WorkspaceConfig {
        if (!LAYOUTS.contains(layout)) {
            throw new IllegalArgumentException("unknown layout '" + layout + "' (one of " + String.join(", ", List.copyOf(
                    new java.util.TreeSet<>(LAYOUTS))) + ")");
        }
        if (width < 20 || height < 5) throw new IllegalArgumentException("size " + width + "x" + height + " is too small");
    }

    /** {@code ${TMUX_TMPDIR:-/tmp}/tmux-<uid>/fleet-workspace-<uid>}: fleet's own server, never the user's. */
    public static Path defaultSocket(String tmuxTmpdir) {
        int uid = Ids.uid();
        return TmuxSockets.forName("fleet-workspace-" + uid, tmuxTmpdir, uid);
    }

    public Path eventLog() {
        return stateFile.resolveSibling("workspace-events.jsonl");
    }

    public WorkspaceConfig withLayout(String l) {
        return new WorkspaceConfig(aggregatorSocket, aggregatorSession, stateFile, l, width, height, fleetBin);
    }
}
