package dev.fleet.cli.desktop;

import dev.fleet.testkit.desktop.Desktop;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a fleet that opens a terminal window on the test's desktop ({@code switch --attach},
 * {@code watch --window}): the desktop's display and i3 socket, the agents' config dir, a HOME and state
 * dir in the test's folder, and a kitty that reads no user config and renders without a GPU.
 */
final class TerminalEnv {
    private TerminalEnv() {}

    static Map<String, String> of(Desktop desk, Path tmp, Path claudeConfig) {
        Map<String, String> env = new HashMap<>(desk.env());
        env.put("CLAUDE_CONFIG_DIR", claudeConfig.toString());
        env.put("HOME", tmp.toString());
        env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
        env.put("LIBGL_ALWAYS_SOFTWARE", "1");
        env.put("KITTY_CONFIG_DIRECTORY", tmp.resolve("no-kitty-config").toString());
        return env;
    }
}
