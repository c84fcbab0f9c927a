package dev.fleet.web.server;

import dev.fleet.commands.ArgParser;
import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table command run in this JVM, as {@code fleet <command>} runs it without a daemon: for what the daemon
 * declines to serve — another host's agent's send, whose ssh call may outlast the launcher's wait on the
 * daemon (which would then type it a second time). Its output is captured as a served command's is.
 */
final class Direct {
    private final Map<String, String> env;

    Direct(Map<String, String> env) {
        this.env = env;
    }

    Daemon.Result run(Command cmd, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(cmd.spec().name());
        argv.addAll(args);
        Args a = ArgParser.parse(cmd.spec(), argv.toArray(new String[0]), 1);
        if (a == null) return new Daemon.Result(2, "", "fleet: not a plain form of " + cmd.spec().name());
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8), pe = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code;
        try {
            code = cmd.run(a, Settings.fromEnv(env), new Console(po, pe, false));
        } catch (RuntimeException e) {
            pe.println("fleet: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")));
            code = 5;
        }
        return new Daemon.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
