package dev.fleet.core.proc;

import java.util.Optional;

/**
 * Parses one /proc/&lt;pid&gt;/stat line. {@code comm} (field 2) sits in parentheses and may itself contain
 * spaces and ')' characters, so fields are counted from after the <em>last</em> ')'.
 */
public final class StatLine {
    private StatLine() {}

    /** Field 4 is ppid, field 22 starttime; after the last ')' field N is token N-3. */
    public static Optional<ProcInfo> parse(int pid, String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) return Optional.empty();
        String comm = line.substring(open + 1, close);
        String[] rest = line.substring(close + 1).trim().split("\\s+");
        if (rest.length < 20) return Optional.empty();
        try {
            int ppid = Integer.parseInt(rest[1]);
            long start = Long.parseLong(rest[19]);
            return Optional.of(new ProcInfo(pid, ppid, start, comm));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
