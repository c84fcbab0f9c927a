package dev.fleet.hosts;

/**
 * An ssh destination fleet accepts ({@code name}, {@code user@name}, an ssh_config alias, {@code [::1]}):
 * it goes to ssh after {@code --}, but ssh and ProxyCommand {@code %h} expansions still see it, so
 * anything that could read as an option or split into words is refused.
 */
public final class HostName {
    private static final int MAX = 255;

    private HostName() {}

    /** Why {@code h} is refused, or null when it is a usable destination. */
    public static String problem(String h) {
        if (h == null || h.isEmpty()) return "an empty host name";
        if (h.length() > MAX) return "a host name longer than " + MAX + " characters";
        if (h.startsWith("-")) return "host name '" + printable(h) + "' starts with '-' (ssh would read an option)";
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "host name '" + printable(h) + "' contains a space or control character";
            }
            // shell and ssh_config metacharacters: a destination never needs them, a %h in a ProxyCommand would run them
            if ("'\"`$;&|<>(){}\\*?!#,".indexOf(c) >= 0) return "host name '" + printable(h) + "' contains '" + c + "'";
        }
        return null;
    }

    /** {@code h} with control characters shown as {@code ?}, for a one-line message. */
    static String printable(String h) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < h.length() && i < 80; i++) {
            char c = h.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
