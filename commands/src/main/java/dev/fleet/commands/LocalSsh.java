package dev.fleet.commands;

import dev.fleet.core.proc.ProcInfo;
import dev.fleet.core.proc.ProcSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * This machine's ssh connections, by ports: {@code <local port>:<peer port>} of every established TCP socket an
 * {@code ssh} process holds ({@code /proc/<pid>/fd} to {@code /proc/net/tcp} and {@code tcp6} by inode). A host's
 * {@code SSH_CONNECTION} ({@code <client ip> <client port> <server ip> <server port>}) names the same pair from
 * the other end. Ports, not addresses: a host reached through NAT still names its own addresses.
 */
final class LocalSsh {
    private static final Pattern CONNECTION = Pattern.compile("\\S+ (\\d{1,5}) \\S+ (\\d{1,5})");

    private LocalSsh() {}

    /** {@code <local port>:<peer port>} → the pid of the ssh process holding that connection. */
    static Map<String, Integer> connections(Path procRoot, ProcSnapshot proc) {
        Map<Long, Integer> holders = new HashMap<>();
        for (ProcInfo i : proc.all()) {
            if (!"ssh".equals(i.comm())) continue;
            try (Stream<Path> fds = Files.list(procRoot.resolve(Integer.toString(i.pid())).resolve("fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    Long inode = socketInode(fd);
                    if (inode != null) holders.put(inode, i.pid());
                }
            } catch (IOException | RuntimeException e) {
                // another user's ssh, or gone
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        if (holders.isEmpty()) return out;
        for (String table : List.of("net/tcp", "net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(procRoot.resolve(table));
            } catch (IOException e) {
                continue;
            }
            for (String l : lines) {
                String[] f = l.strip().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; 01: established
                if (f.length < 10 || !f[3].equals("01")) continue;
                try {
                    Integer pid = holders.get(Long.parseLong(f[9]));
                    if (pid != null) out.put(port(f[1]) + ":" + port(f[2]), pid);
                } catch (NumberFormatException e) {
                    // the header
                }
            }
        }
        return out;
    }

    /** The {@code <client port>:<server port>} an {@code SSH_CONNECTION} names, or null when it is not one. */
    static String ports(String sshConnection) {
        if (sshConnection == null) return null;
        Matcher m = CONNECTION.matcher(sshConnection.strip());
        return m.matches() ? Integer.parseInt(m.group(1)) + ":" + Integer.parseInt(m.group(2)) : null;
    }

    private static Long socketInode(Path fd) {
        try {
            String link = Files.readSymbolicLink(fd).toString();
            return link.startsWith("socket:[") && link.endsWith("]") ? Long.parseLong(link.substring(8, link.length() - 1)) : null;
        } catch (IOException | NumberFormatException e) {
            return null; // closed meanwhile
        }
    }

    private static int port(String hexAddress) {
        int colon = hexAddress.lastIndexOf(':');
        return colon < 0 ? -1 : Integer.parseInt(hexAddress.substring(colon + 1), 16);
    }
}
