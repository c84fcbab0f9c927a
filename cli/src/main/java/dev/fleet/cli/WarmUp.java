package dev.fleet.cli;

import dev.fleet.commands.ArgParser;
import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.CommandTable;
import dev.fleet.commands.Console;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fleet __warm}: the run the launcher records its class-data archive from. It takes the direct
 * paths of the hotkey commands — {@code ls --json}, {@code ls}, {@code status}, and {@code switch --dry-run}
 * to the first agent listed — so their classes (and on JDK 25 their linked call sites) are in the archive,
 * not only those of {@code ls}. Nothing on screen changes (a dry run plans, it does not focus) and nothing
 * is printed. Hidden.
 */
public final class WarmUp implements Command {
    private static final Spec SPEC = Spec.of("__warm", 1001,
            List.of("Run the hotkey commands' direct paths once, printing nothing (the class-data archive's recording)."),
            List.of(), List.of()).hide();
    private static final Pattern FIRST_PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        // ls and switch through Main's own entry, as a real run goes (the daemon check, the table's parser):
        // the archive then holds those very paths' classes and linked call sites, not a shortcut's beside
        // them (JDK 25, 20 agents: ls --json 1-6 % less CPU than the handlers called directly). Never a
        // daemon started from here (FLEET_NO_DAEMON); all output goes nowhere.
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("FLEET_NO_DAEMON", "1");
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        try {
            System.setErr(nowhere());
            System.setOut(new PrintStream(listed, true, StandardCharsets.UTF_8));
            run(env, "ls", "--json");
            System.setOut(nowhere());
            run(env, "ls");
            status(s);
            Matcher m = FIRST_PID.matcher(listed.toString(StandardCharsets.UTF_8));
            if (m.find()) run(env, "switch", m.group(1), "--dry-run");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return ExitCodes.OK;
    }

    /**
     * status through its handler with a console of its own: through Main it would write to file
     * descriptor 1 itself (StatusCommand bypasses a System.out it finds unchanged), past the swap above.
     */
    private static void status(Settings s) {
        Command cmd = CommandTable.find("status");
        Args args = cmd == null ? null : ArgParser.parse(cmd.spec(), new String[] {"status"}, 1);
        try {
            if (args != null) cmd.run(args, s, new Console(nowhere(), nowhere(), false));
        } catch (RuntimeException e) {
            // as below
        }
    }

    private static void run(Map<String, String> env, String... line) {
        try {
            Main.run(line, env);
        } catch (RuntimeException e) {
            // a recording that could not take one path still records the others
        }
    }

    private static PrintStream nowhere() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
