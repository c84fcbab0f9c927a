package dev.fleet.core.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One read of /proc per invocation: pid → (ppid, start time, comm). Processes that vanish while the
 * snapshot is taken are simply absent. Environment blocks are read on demand (they are large and
 * only a few are ever needed).
 */
public final class ProcSnapshot {
    private final Path root;
    private final Map<Integer, ProcInfo> byPid;

    private ProcSnapshot(Path root, Map<Integer, ProcInfo> byPid) {
        this.root = root;
        this.byPid = byPid;
    }

    /** Reads every numeric entry of {@code procRoot} (normally {@code /proc}). */
    public static ProcSnapshot read(Path procRoot) {
        Map<Integer, ProcInfo> map = new HashMap<>(1024);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(procRoot)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                int pid;
                try {
                    pid = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                readStat(procRoot, pid).ifPresent(info -> map.put(pid, info));
            }
        } catch (IOException e) {
            // An unreadable /proc means no processes; callers report agents as dead.
        }
        return new ProcSnapshot(procRoot, map);
    }

    /** A snapshot of the given processes only (tests and the daemon's incremental updates). */
    public static ProcSnapshot of(Path procRoot, Collection<ProcInfo> infos) {
        Map<Integer, ProcInfo> map = new HashMap<>();
        for (ProcInfo i : infos) map.put(i.pid(), i);
        return new ProcSnapshot(procRoot, map);
    }

    /** Reads one process's stat now; empty if it does not exist (or vanished). */
    public static Optional<ProcInfo> readStat(Path procRoot, int pid) {
        try {
            String line = Files.readString(procRoot.resolve(Integer.toString(pid)).resolve("stat"),
                    StandardCharsets.ISO_8859_1);
            return StatLine.parse(pid, line);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public Path root() {
        return root;
    }

    public Optional<ProcInfo> get(int pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    public boolean contains(int pid) {
        return byPid.containsKey(pid);
    }

    public int size() {
        return byPid.size();
    }

    public Collection<ProcInfo> all() {
        return byPid.values();
    }

    /**
     * The process and its ancestors, innermost first, as far as the snapshot knows them. Stops at pid 1,
     * at a parent missing from the snapshot (it vanished) and at a cycle (a corrupt fake /proc).
     */
    public List<Integer> ancestry(int pid) {
        List<Integer> chain = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        Integer cur = pid;
        while (cur != null && cur > 0 && seen.add(cur)) {
            ProcInfo info = byPid.get(cur);
            if (info == null) break;
            chain.add(cur);
            cur = info.ppid();
        }
        return chain;
    }

    /** Direct children of {@code pid} (a linear scan; call rarely). */
    public List<Integer> children(int pid) {
        List<Integer> out = new ArrayList<>();
        for (ProcInfo i : byPid.values()) if (i.ppid() == pid) out.add(i.pid());
        return out;
    }

    /** The selected variables of /proc/&lt;pid&gt;/environ; empty when unreadable (another user, gone). */
    public Map<String, String> environ(int pid, Set<String> keys) {
        return Environ.read(root, pid, keys);
    }
}
