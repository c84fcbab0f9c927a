package dev.fleet.daemon;

import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import dev.fleet.commands.LaneForm;
import dev.fleet.core.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code fleet.lane} beside the daemon's FIFO: the command table's lane, for the {@code ./fleet}
 * launcher, which reads it with {@code read} (no {@code source}, no fork) to know which invocations go
 * to the daemon and which variables to forward — so the launcher keeps no copy of either. Written at
 * every start (0600, atomically, in the 0700 runtime dir); left in place when the daemon stops, so the
 * launcher can still tell a served command whose daemon is gone ("no live daemon's FIFO") from a
 * command no daemon serves.
 *
 * <pre>
 * env HOME CLAUDE_CONFIG_DIR …          the variables to forward, in order
 * form switch * switch args             any plain arguments (not -h, --help, --debug), sent as "args", with env
 * form ls - table tty                   the bare command; "tty" and env
 * form ls --json list plain             exactly this one argument; the envelope alone
 * </pre>
 */
final class LaneFile {
    private LaneFile() {}

    static final String NAME = "fleet.lane";

    static String render() {
        StringBuilder b = new StringBuilder("env");
        for (String v : CommandTable.FORWARDED_ENV) b.append(' ').append(v);
        b.append('\n');
        for (Command c : CommandTable.all()) {
            for (LaneForm f : c.spec().lane()) {
                String argv = f.forwardsArgs() ? "*" : f.argv().isEmpty() ? "-" : f.argv();
                if (argv.contains(" ")) throw new IllegalStateException("the launcher takes lane forms of at most one argument: " + f);
                String kind = f.forwardsArgs() ? "args" : f.op().equals(c.spec().servedOp()) ? "tty" : "plain";
                b.append("form ").append(c.spec().name()).append(' ').append(argv).append(' ').append(f.op()).append(' ')
                        .append(kind).append('\n');
            }
        }
        return b.toString();
    }

    static void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(NAME), render().getBytes(StandardCharsets.UTF_8));
    }
}
