package dev.fleet.hosts;

import java.util.List;

/**
 * ssh hands the remote user's shell one string; fleet builds it from an argv by quoting every word for a
 * POSIX shell, so no word is ever parsed (no expansion, splitting or second command).
 */
public final class RemoteShell {
    private RemoteShell() {}

    /** {@code argv} as one POSIX shell command line: each word single-quoted, {@code '} as {@code '\''}. */
    public static String quote(List<String> argv) {
        if (argv.isEmpty()) throw new IllegalArgumentException("no command to run");
        StringBuilder b = new StringBuilder();
        for (String w : argv) {
            if (b.length() > 0) b.append(' ');
            b.append(word(w));
        }
        return b.toString();
    }

    /** One word: inside single quotes a POSIX shell takes every character literally, newlines too. */
    static String word(String w) {
        if (w.indexOf('\0') >= 0) throw new IllegalArgumentException("a word with a NUL byte cannot reach a remote shell");
        return "'" + w.replace("'", "'\\''") + "'";
    }
}
