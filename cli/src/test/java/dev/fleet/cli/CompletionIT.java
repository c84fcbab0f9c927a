package dev.fleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.exec.Exec;
import dev.fleet.testkit.Require;
import dev.fleet.testkit.StandInAgent;
import dev.fleet.testguard.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet completion bash} completes in a real bash as a user would see it: commands, options, the
 * names of the live agents (a stand-in fleet) and the hosts {@code --host} takes (a hosts file); {@code fleet completion man} renders with groff and
 * man without a warning and documents every command.
 */
class CompletionIT {
    @Test
    void bashCompletesCommandsOptionsAndLiveAgentNames(@TempDir Path tmp) throws Exception {
        Require.tools("bash");
        Path cfg = Files.createDirectories(tmp.resolve("claude/sessions")).getParent();
        try (StandInAgent agent = StandInAgent.builder(cfg).cwd(tmp).field("name", "webfront").start()) {
            Map<String, String> env = new HashMap<>(TestDirs.isolatedEnv());
            env.put("CLAUDE_CONFIG_DIR", cfg.toString());
            env.put("FLEET_NO_DAEMON", "1");
            env.remove("FLEET_NO_HOSTS");
            // --host completes to 'local' and the hosts file's hosts
            Path config = Files.createDirectories(tmp.resolve("config/fleet"));
            Files.writeString(config.resolve("hosts"), "# my machines\nr1\nbuild-box fleet-dev\n");
            env.put("XDG_CONFIG_HOME", config.getParent().toString());
            Exec.Result script = FleetProcess.run(env, "completion", "bash");
            assertEquals(0, script.exit(), script.err());
            Path file = tmp.resolve("fleet.bash");
            Files.writeString(file, script.out());
            // the `fleet` the script calls for agent names: this build, as a user's PATH would have it
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            Files.writeString(bin.resolve("fleet"), "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                    + "' -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
            Files.setPosixFilePermissions(bin.resolve("fleet"), PosixFilePermissions.fromString("rwx------"));
            env.put("PATH", bin + ":" + System.getenv("PATH"));
            String probe = "source \"$1\"; complete -p fleet\n"
                    + "c() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _fleet; echo \"${COMPREPLY[*]}\"; }\n"
                    + "c fleet sw; c fleet ls --j; c fleet switch web; c fleet daemon sta; c fleet status --format w;"
                    + " c fleet status --format ''; c fleet workspace open --layout main-;"
                    + " c fleet peek --host ''; c fleet send --host b; c fleet ls --host r\n";
            Exec.Result r = Exec.withTimeout(Duration.ofSeconds(60)).run(List.of("bash", "-c", probe, "bash", file.toString()), env, null);
            assertEquals(0, r.exit(), r.err());
            assertEquals(List.of("complete -F _fleet fleet", "switch", "--json", "webfront", "start status", "waybar",
                    "text json i3bar waybar polybar tmux", "main-horizontal main-vertical", "local r1 build-box", "build-box", "r1"),
                    r.out().lines().toList(),
                    r.err());
        }
    }

    @Test
    void theManPageRendersWithoutWarningsAndListsEveryCommand(@TempDir Path tmp) throws Exception {
        Require.tools("groff", "man");
        Exec.Result page = FleetProcess.run(Map.of(), "completion", "man");
        assertEquals(0, page.exit(), page.err());
        Path file = tmp.resolve("fleet.1");
        Files.writeString(file, page.out());
        Exec.Result groff = Exec.withTimeout(Duration.ofSeconds(30)).run(List.of("groff", "-man", "-Tutf8", "-ww", "-z", file.toString()));
        assertEquals(0, groff.exit(), groff.err());
        assertEquals("", groff.err(), "groff's warnings");
        Map<String, String> env = new HashMap<>(TestDirs.isolatedEnv());
        env.put("MANWIDTH", "80");
        Exec.Result man = Exec.withTimeout(Duration.ofSeconds(30)).run(List.of("man", "-P", "cat", "-l", file.toString()), env, null);
        assertEquals(0, man.exit(), man.err());
        assertEquals("", man.err(), "man's warnings");
        for (String cmd : FleetCommand.commandLine().getSubcommands().keySet()) {
            if (cmd.equals("help")) continue;
            assertTrue(man.out().contains("fleet " + cmd), "fleet " + cmd + " in:\n" + man.out());
        }
        // every command of the table and every subcommand, as man shows it
        for (String path : CompletionTableTest.tablePaths()) {
            assertTrue(man.out().contains("fleet " + path), "fleet " + path + " in:\n" + man.out());
        }
        assertTrue(man.out().contains("--tmux-socket"), man.out());
    }
}
