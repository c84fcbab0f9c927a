package dev.fleet.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.commands.ArgParser;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.TmuxServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code fleet __clients} on a real tmux server: a control-mode client (another host's fleet daemon keeps one
 * per server, and it inherits that daemon's SSH_CONNECTION from the stream's ssh) shows nothing to a user, so
 * it must never be the client a remote switch picks.
 */
class ClientsCommandIT {
    @Test
    void aControlModeClientWithAMatchingSshConnectionIsNotOffered() throws Exception {
        Require.tool("tmux");
        try (TmuxServer tmux = TmuxServer.atPath()) {
            tmux.newSession("work", Path.of("/tmp"), "sleep", "600");
            List<String> argv = new ArrayList<>(List.of("tmux"));
            argv.addAll(tmux.socketArgs());
            argv.addAll(List.of("-C", "attach", "-f", "no-output,ignore-size", "-t", "work"));
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().remove("TMUX");
            pb.environment().put("SSH_CONNECTION", "127.0.0.1 40001 127.0.0.1 22");
            Process control = pb.start(); // its stdin stays open: the client stays attached
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (tmux.controlClients().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
                assertEquals(1, tmux.controlClients().size(), "the control client attached (tmux's own list-clients)");

                String out = run(tmux.socketPath().toString(), "--from", "40001:22");
                assertEquals("[]", out.strip(), "a control client is no user's window");
            } finally {
                control.destroy();
                control.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClientsCommand cmd = new ClientsCommand();
        Console c = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = cmd.run(ArgParser.parse(cmd.spec(), args, 0), Settings.fromEnv(Map.of()), c);
        assertTrue(code == 0, "exit " + code + ": " + err);
        return out.toString(StandardCharsets.UTF_8);
    }
}
