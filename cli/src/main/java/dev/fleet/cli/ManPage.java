package dev.fleet.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** fleet(1) in troff (man macros), from the command tree: every command, its text, options and arguments. */
final class ManPage {
    private ManPage() {}

    static String render(CommandLine root) {
        CommandSpec top = root.getCommandSpec();
        StringBuilder b = new StringBuilder();
        b.append(".TH FLEET 1 \"\" \"fleet\" \"User Commands\"\n");
        b.append(".SH NAME\nfleet \\- ").append(esc(top.usageMessage().description()[0])).append('\n');
        b.append(".SH SYNOPSIS\n.B fleet\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n");
        b.append(".SH DESCRIPTION\n");
        for (String d : top.usageMessage().description()) b.append(".PP\n").append(esc(d)).append('\n');
        b.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : CompletionCommand.paths(root).entrySet()) {
            if (e.getKey().isEmpty()) continue;
            CommandSpec s = e.getValue().getCommandSpec();
            if (s.userObject() instanceof CommandLine.HelpCommand) continue;
            b.append(".SS \"fleet ").append(esc(e.getKey())).append("\"\n");
            boolean first = true;
            for (String d : s.usageMessage().description()) {
                b.append(first ? "" : ".PP\n").append(esc(d)).append('\n');
                first = false;
            }
            for (PositionalParamSpec p : s.positionalParameters()) {
                b.append(".TP\n.I ").append(esc(p.paramLabel())).append('\n').append(esc(String.join(" ", p.description()))).append('\n');
            }
            for (OptionSpec o : s.options()) {
                if (o.usageHelp() || o.versionHelp()) continue;
                b.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
                if (o.arity().max() > 0 && o.type() != boolean.class) b.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
                b.append('\n').append(esc(String.join(" ", o.description()))).append('\n');
            }
        }
        b.append(".SH EXIT STATUS\n");
        for (String f : top.usageMessage().footer()) if (!f.isBlank()) b.append(esc(f)).append('\n');
        return b.toString();
    }

    /** Text safe for troff: backslashes and hyphens escaped, no line starting with a control character. */
    static String esc(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}
