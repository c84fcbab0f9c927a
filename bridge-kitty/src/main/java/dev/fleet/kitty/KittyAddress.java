package dev.fleet.kitty;

import java.nio.file.Path;

/**
 * A kitty {@code --listen-on} address as kitty writes it into {@code KITTY_LISTEN_ON}:
 * {@code unix:/path} (a socket file), {@code unix:@name} (Linux abstract namespace) or
 * {@code tcp:host:port}.
 */
public record KittyAddress(Kind kind, String spec, String target, int port) {

    public enum Kind {
        /** A socket file; the JDK connects to it directly. */
        UNIX_PATH,
        /** An abstract-namespace name (no file); the JDK cannot, junixsocket can. */
        UNIX_ABSTRACT,
        TCP
    }

    /** Parses a listen-on spec; throws {@link KittyException} ({@code BAD_ADDRESS}) when it is not one. */
    public static KittyAddress parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new KittyException(KittyException.Kind.BAD_ADDRESS, "kitty: empty listen-on address");
        }
        String s = spec.trim();
        if (s.startsWith("unix:")) {
            String rest = s.substring(5);
            if (rest.startsWith("@") && rest.length() > 1) return new KittyAddress(Kind.UNIX_ABSTRACT, s, rest.substring(1), 0);
            if (!rest.isEmpty()) return new KittyAddress(Kind.UNIX_PATH, s, rest, 0);
        } else if (s.startsWith("tcp:") || s.startsWith("tcp6:")) {
            String rest = s.substring(s.indexOf(':') + 1);
            int colon = rest.lastIndexOf(':');
            if (colon > 0) {
                try {
                    int port = Integer.parseInt(rest.substring(colon + 1));
                    String host = rest.substring(0, colon);
                    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
                    return new KittyAddress(Kind.TCP, s, host, port);
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        throw new KittyException(KittyException.Kind.BAD_ADDRESS,
                "kitty: cannot use listen-on address '" + s + "' (expected unix:/path, unix:@name or tcp:host:port)");
    }

    /** The socket file of a {@code unix:/path} address. */
    public Path path() {
        if (kind != Kind.UNIX_PATH) throw new IllegalStateException(spec + " is not a socket file");
        return Path.of(target);
    }

    @Override
    public String toString() {
        return spec;
    }
}
