package dev.fleet.core.exec;

import java.util.List;

/** Quoting for the few places a command must become a shell string (tmux panes run {@code sh -c}). */
public final class Shell {
    private Shell() {}

    /** One argument quoted for POSIX sh: safe words stay bare, anything else goes in single quotes. */
    public static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "@%+=:,./_-".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** An argv as one sh command line, every argument quoted. */
    public static String join(List<String> argv) {
        StringBuilder b = new StringBuilder();
        for (String a : argv) {
            if (b.length() > 0) b.append(' ');
            b.append(quote(a));
        }
        return b.toString();
    }
}
