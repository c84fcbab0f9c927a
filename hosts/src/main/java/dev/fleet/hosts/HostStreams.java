package dev.fleet.hosts;

import dev.fleet.commands.RemoteAgents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The daemon's streams, one {@link HostStream} per host of the hosts file. A watcher thread looks at the
 * file every {@link #TICK_MS} ms (its modification time and size: no inotify for one small file) and starts
 * the streams of hosts added, ends those of hosts removed or whose fleet command changed; on the same tick
 * it ends streams that went silent.
 */
final class HostStreams implements RemoteAgents.Streams {
    static final long TICK_MS = 2_000;

    private final Path file;
    private final Path control;
    private final Consumer<String> log;
    private final Map<String, HostStream> streams = new LinkedHashMap<>();
    private final Thread watcher;
    private volatile boolean closed;
    private Object seen = "none";
    /** The daemon's change stream (given at start, or {@link #onChange}). */
    private volatile Consumer<Map<String, Object>> sink;

    HostStreams(Map<String, String> env, Path control, Consumer<String> log, Consumer<Map<String, Object>> changes) {
        this.sink = changes; // before the first stream starts: its first snapshot is said too
        this.file = HostsFile.path(env);
        this.control = control;
        this.log = log;
        reload();
        watcher = new Thread(this::watch, "fleet-hosts-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public synchronized List<RemoteAgents.Listing> cached() {
        List<RemoteAgents.Listing> out = new ArrayList<>();
        for (HostStream s : streams.values()) out.add(s.listing());
        return out;
    }

    @Override
    public void onChange(Consumer<Map<String, Object>> events) {
        sink = events;
    }

    @Override
    public synchronized boolean settling() {
        return streams.values().stream().anyMatch(HostStream::firstAttempt);
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        synchronized (this) {
            streams.values().forEach(HostStream::close);
            streams.clear();
        }
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            reload();
            List<HostStream> now;
            synchronized (this) {
                now = List.copyOf(streams.values());
            }
            now.forEach(HostStream::checkSilence);
        }
    }

    /** Re-reads the hosts file when it changed: streams follow its hosts, in its order. */
    private synchronized void reload() {
        if (closed) return;
        Object stamp = stamp();
        if (Objects.equals(stamp, seen)) return;
        seen = stamp;
        List<HostsFile.Entry> hosts = HostsFile.read(file, w -> log.accept("warning: " + w));
        Map<String, HostStream> next = new LinkedHashMap<>();
        for (HostsFile.Entry e : hosts) {
            HostStream s = streams.remove(e.destination());
            if (s != null && !s.entry().equals(e)) {
                s.remove(); // its fleet command changed: the new stream's snapshot adds them again
                s = null;
            }
            next.put(e.destination(), s != null ? s : new HostStream(e, control, log, ev -> sink.accept(ev)).start());
        }
        streams.values().forEach(HostStream::remove); // hosts no longer in the file
        streams.clear();
        streams.putAll(next);
        log.accept("hosts: streaming " + (next.isEmpty() ? "none" : String.join(", ", next.keySet())));
    }

    private Object stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime().toMillis(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "none";
        }
    }
}
