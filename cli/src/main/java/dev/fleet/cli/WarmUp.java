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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fleet __warm}: the run the launcher records its class-data archive from. It takes the direct
 * paths of the hotkey commands — {@code ls --json}, {@code status}, and {@code switch --dry-run} to the
 * first agent listed — so their classes (and on JDK 25 their linked call sites) are in the archive, not
 * only those of {@code ls}. Nothing on screen changes (a dry run plans, it does not focus) and nothing
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
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        Console quiet = new Console(new PrintStream(listed, true, StandardCharsets.UTF_8), nowhere(), false);
        run("ls", s, quiet, "--json");
        Console none = new Console(nowhere(), nowhere(), false);
        run("status", s, none);
        Matcher m = FIRST_PID.matcher(listed.toString(StandardCharsets.UTF_8));
        if (m.find()) run("switch", s, none, m.group(1), "--dry-run");
        return ExitCodes.OK;
    }

    private static void run(String name, Settings s, Console c, String... rest) {
        Command cmd = CommandTable.find(name);
        if (cmd == null) return;
        String[] line = new String[rest.length + 1];
        line[0] = name;
        System.arraycopy(rest, 0, line, 1, rest.length);
        Args args = ArgParser.parse(cmd.spec(), line, 1);
        try {
            if (args != null) cmd.run(args, s, c);
        } catch (RuntimeException e) {
            // a recording that could not take one path still records the others
        }
    }

    private static PrintStream nowhere() {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
