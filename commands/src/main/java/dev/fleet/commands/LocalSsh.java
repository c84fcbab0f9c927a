package dev.fleet.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.fleet.core.proc.ProcInfo;
import dev.fleet.core.proc.ProcSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local process at this end of a remote session's {@code SSH_CONNECTION} ({@code <client ip> <client port>
 * <server ip> <server port>}, as the host's sshd set it): the TCP socket whose local port is the client port and
 * whose peer port is the server port ({@code /proc/net/tcp} and {@code tcp6}, by inode), and the process holding
 * it ({@code /proc/<pid>/fd}). Ports, not addresses: a host reached through NAT still names its own addresses.
 */
final class LocalSsh {
    private static final Pattern CONNECTION = Pattern.compile("\\S+ (\\d{1,5}) \\S+ (\\d{1,5})");

    private LocalSsh() {}

    /**
     * The local pid holding the connection {@code sshConnection} names, if it is one of this machine's: the ssh
     * processes are looked at first (their fds only: a switch waits on this), then every other process.
     */
    static Optional<Integer> holder(Path procRoot, ProcSnapshot proc, String sshConnection) {
        if (sshConnection == null) return Optional.empty();
        Matcher m = CONNECTION.matcher(sshConnection.strip());
        if (!m.matches()) return Optional.empty();
        Set<Long> inodes = inodes(procRoot, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (inodes.isEmpty()) return Optional.empty();
        Set<String> links = new HashSet<>();
        for (long i : inodes) links.add("socket:[" + i + "]");
        List<ProcInfo> ssh = new ArrayList<>(), other = new ArrayList<>();
        for (ProcInfo i : proc.all()) ("ssh".equals(i.comm()) ? ssh : other).add(i);
        for (List<ProcInfo> group : List.of(ssh, other)) {
            for (ProcInfo i : group) {
                if (holds(procRoot.resolve(Integer.toString(i.pid())).resolve("fd"), links)) return Optional.of(i.pid());
            }
        }
        return Optional.empty();
    }

    /** Inodes of the sockets from local port {@code local} to peer port {@code peer}, established. */
    static Set<Long> inodes(Path procRoot, int local, int peer) {
        Set<Long> out = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(procRoot.resolve(table));
            } catch (IOException e) {
                continue;
            }
            for (String l : lines) {
                String[] f = l.strip().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length < 10 || !f[3].equals("01")) continue;
                if (port(f[1]) == local && port(f[2]) == peer) {
                    try {
                        long inode = Long.parseLong(f[9]);
                        if (inode != 0) out.add(inode);
                    } catch (NumberFormatException e) {
                        // not a row
                    }
                }
            }
        }
        return out;
    }

    private static int port(String hexAddress) {
        int colon = hexAddress.lastIndexOf(':');
        try {
            return colon < 0 ? -1 : Integer.parseInt(hexAddress.substring(colon + 1), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean holds(Path fdDir, Set<String> links) {
        try (Stream<Path> fds = Files.list(fdDir)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (links.contains(Files.readSymbolicLink(fd).toString())) return true;
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // another user's process, or gone
        }
        return false;
    }
}
