package dev.fleet.cli;

import dev.fleet.commands.DaemonLink;
import dev.fleet.commands.Console;
import dev.fleet.commands.ListCommand;
import dev.fleet.commands.Settings;
import dev.fleet.core.claude.Agent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet __complete agents} (hidden; the completion scripts call it): the names of the live agents,
 * one a line — from the daemon's picture when one answers, else from a scan. Never an error: a shell
 * completing a word gets nothing rather than a message.
 */
final class AgentNames {
    private AgentNames() {}

    static int print(Map<String, String> env, PrintStream out) {
        Settings s = Settings.fromEnv(env);
        try {
            Map<String, Object> r = DaemonLink.call(env, s.configDir(), "list", Map.of(), Duration.ofSeconds(2));
            if (r != null && Boolean.TRUE.equals(r.get("ok")) && r.get("agents") instanceof List<?> agents) {
                for (Object a : agents) if (a instanceof Map<?, ?> m && m.get("name") != null) out.println(m.get("name"));
                return ExitCodes.OK;
            }
        } catch (RuntimeException e) {
            // FLEET_DAEMON_REQUIRED=1 or a broken daemon: scan instead
        }
        try {
            PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
            for (Agent a : ListCommand.scanner(s, new Console(nowhere, nowhere, false), List.of()).run(false).agents()) {
                out.println(a.displayName());
            }
        } catch (RuntimeException e) {
            // nothing to offer
        }
        return ExitCodes.OK;
    }
}
