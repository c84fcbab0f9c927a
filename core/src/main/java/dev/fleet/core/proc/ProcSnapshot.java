package dev.fleet.core.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One view of /proc per invocation: pid → (ppid, start time, comm). Each process is read at most once,
 * when first asked for — fleet only ever needs the agents and their ancestors, a few dozen stat files
 * out of thousands — and the whole table is read only when something needs all of it
 * ({@link #all()}, {@link #children}). Processes that vanish are simply absent. Environment blocks
 * are read on demand too.
 */
public final class ProcSnapshot {
    private static final ProcInfo GONE = new ProcInfo(-1, -1, -1, "");

    private final Path root;
    private final Map<Integer, ProcInfo> byPid;
    private volatile boolean complete;

    private ProcSnapshot(Path root, Map<Integer, ProcInfo> byPid, boolean complete) {
        this.root = root;
        this.byPid = byPid;
        this.complete = complete;
    }

    /** A snapshot of {@code procRoot} (normally {@code /proc}) that reads processes as they are asked for. */
    public static ProcSnapshot read(Path procRoot) {
        return new ProcSnapshot(procRoot, new java.util.concurrent.ConcurrentHashMap<>(), false);
    }

    /** Reads every numeric entry of {@code procRoot} now. */
    public static ProcSnapshot readAll(Path procRoot) {
        ProcSnapshot s = read(procRoot);
        s.loadAll();
        return s;
    }

    private synchronized void loadAll() {
        if (complete) return;
        Map<Integer, ProcInfo> map = byPid;
        Path procRoot = root;
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
                if (!map.containsKey(pid)) map.put(pid, readStat(procRoot, pid).orElse(GONE));
            }
        } catch (IOException e) {
            // An unreadable /proc means no processes; callers report agents as dead.
        }
        complete = true;
    }

    /** A snapshot of the given processes only (tests and the daemon's incremental updates). */
    public static ProcSnapshot of(Path procRoot, Collection<ProcInfo> infos) {
        Map<Integer, ProcInfo> map = new java.util.concurrent.ConcurrentHashMap<>();
        for (ProcInfo i : infos) map.put(i.pid(), i);
        return new ProcSnapshot(procRoot, map, true);
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
        ProcInfo i = byPid.get(pid);
        if (i == null) {
            if (complete || pid <= 0) return Optional.empty();
            i = readStat(root, pid).orElse(GONE);
            ProcInfo prev = byPid.putIfAbsent(pid, i);
            if (prev != null) i = prev;
        }
        return i == GONE ? Optional.empty() : Optional.of(i);
    }

    public boolean contains(int pid) {
        return get(pid).isPresent();
    }

    /** How many processes exist (reads the whole table). */
    public int size() {
        return all().size();
    }

    /** Every process (reads the whole table). */
    public Collection<ProcInfo> all() {
        loadAll();
        List<ProcInfo> l = new ArrayList<>(byPid.size());
        for (ProcInfo i : byPid.values()) if (i != GONE) l.add(i);
        return l;
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
            Optional<ProcInfo> info = get(cur);
            if (info.isEmpty()) break;
            chain.add(cur);
            cur = info.get().ppid();
        }
        return chain;
    }

    /** Direct children of {@code pid} (a linear scan; call rarely). */
    public List<Integer> children(int pid) {
        List<Integer> out = new ArrayList<>();
        for (ProcInfo i : all()) if (i.ppid() == pid) out.add(i.pid());
        return out;
    }

    /** The selected variables of /proc/&lt;pid&gt;/environ; empty when unreadable (another user, gone). */
    public Map<String, String> environ(int pid, Set<String> keys) {
        return Environ.read(root, pid, keys);
    }
}
