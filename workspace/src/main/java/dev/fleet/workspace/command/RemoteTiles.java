package dev.fleet.workspace.command;

import dev.fleet.commands.Console;
import dev.fleet.commands.RemoteViewers;
import dev.fleet.commands.Settings;
import dev.fleet.workspace.WorkspaceTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workspace's tiles of other hosts ({@link RemoteViewers}): an agent's tile runs ssh to its host's read-only
 * viewer; a host that does not answer gets a tile that says so and why (the workspace still opens).
 */
final class RemoteTiles {
    private RemoteTiles() {}

    static List<WorkspaceTarget> of(Settings s, Console c, List<String> queries) {
        List<WorkspaceTarget> out = new ArrayList<>();
        for (RemoteViewers.Tile t : RemoteViewers.tiles(s, queries, c::note)) {
            if (t.agent() == null) {
                out.add(WorkspaceTarget.remote(t.host(), 0, null, "host " + t.host(), "down", Path.of("/"), "", "", "",
                        saying(t.down())));
                continue;
            }
            Map<?, ?> tmux = (Map<?, ?>) t.agent().get("tmux");
            out.add(WorkspaceTarget.remote(t.host(), ((Number) t.agent().get("pid")).intValue(), str(t.agent().get("session_id")),
                    str(t.agent().get("name")) + "@" + t.host(), t.agent().get("state") instanceof String st ? st : "unknown",
                    Path.of(str(tmux.get("socket")).isEmpty() ? "/" : str(tmux.get("socket"))), str(tmux.get("session")),
                    str(tmux.get("window_id")), str(tmux.get("pane_id")), t.argv()));
        }
        return out;
    }

    /** A pane command that shows {@code line} and stays (no shell reads the line: it is an argument of printf). */
    private static List<String> saying(String line) {
        return List.of("sh", "-c", "printf '%s\\n' \"$1\"; exec tail -f /dev/null", "fleet-host-down", line);
    }

    private static String str(Object o) {
        return o instanceof String s ? s.replaceAll("\\p{Cntrl}", "") : "";
    }
}
