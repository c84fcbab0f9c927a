package dev.fleet.hosts;

import dev.fleet.commands.Args;
import dev.fleet.commands.ArgParser;
import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import dev.fleet.core.ExitCodes;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.SocketPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet __stream} (hidden): what another host's daemon runs here over ssh. It connects to this
 * machine's daemon (starting it when none answers: the stream has no direct path), sends {@code subscribe}
 * with {@code local_only} (this machine's agents, not those it streams from its own hosts) and copies the snapshot, then every event, to stdout, one JSON object a line (protocol.md, subscribe).
 * It ends when stdin closes (the other side's ssh went) or the daemon goes (exit 1: the other side reconnects).
 */
public final class StreamCommand implements Command {
    static final String NAME = "__stream";
    private static final Spec SPEC = Spec.of(NAME, 1001, List.of("This machine's agents as a stream, for another host's daemon."),
            List.of(), List.of()).hide();

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        Path sock = SocketPaths.socket(s.env());
        DaemonClient d = connect(sock);
        if (d == null) {
            startDaemon(s, c);
            d = connect(sock);
        }
        if (d == null) {
            c.error("no fleet daemon answers on " + sock + " and none could be started");
            return ExitCodes.ERROR;
        }
        DaemonClient daemon = d;
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is read from the other side; only its end matters
                }
            } catch (IOException e) {
                // gone as well
            }
            daemon.close(); // unblocks the read below
        }, "fleet-stream-stdin");
        stdin.setDaemon(true);
        stdin.start();
        PrintStream out = c.out();
        try (daemon) {
            // this machine's agents only: the other side may be one of this daemon's hosts too (no echo)
            daemon.send(Map.of("v", 1, "op", "subscribe", "local_only", true));
            for (String line; (line = daemon.readLine(null)) != null; ) {
                out.print(line);
                out.print('\n');
                out.flush();
                if (out.checkError()) return ExitCodes.OK; // the other side went
            }
        } catch (IOException e) {
            if (!stdin.isAlive()) return ExitCodes.OK; // stdin closed: the other side ended the stream
            c.error("the daemon's stream broke: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        return stdin.isAlive() ? ExitCodes.ERROR : ExitCodes.OK; // the daemon went: the other side reconnects
    }

    private static DaemonClient connect(Path sock) {
        try {
            return DaemonClient.connect(sock);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code fleet daemon start}, as the command table has it (this module does not import the daemon); it waits for the socket. */
    private static void startDaemon(Settings s, Console c) {
        Command daemon = CommandTable.find("daemon");
        if (daemon == null) return;
        for (Command sub : daemon.subcommands()) {
            if (!sub.spec().name().equals("start")) continue;
            Args args = ArgParser.parse(sub.spec(), new String[] {"start"}, 1);
            // its messages go to stderr: stdout is the stream
            sub.run(args, s, new Console(System.err, System.err, false));
        }
    }
}
