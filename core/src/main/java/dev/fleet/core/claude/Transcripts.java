package dev.fleet.core.claude;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Reads the end of each agent's transcript ({@code projects/<cwd, every non-alphanumeric → '-'>/<session
 * id>.jsonl}) for a question Claude Code's status does not report: an AskUserQuestion or ExitPlanMode
 * tool call not answered yet (anthropics/claude-code #85192, #77804 — some versions stay {@code busy}).
 * Transcripts grow to many MiB, so only the last {@link #TAIL_BYTES} are read, and a file whose size and
 * mtime did not change since its last read is not read again.
 */
public final class Transcripts {
    /** The window read from the end: the tool call and the few small lines after it fit easily. */
    public static final int TAIL_BYTES = 64 * 1024;
    /** Cached results, most recently used last; bounded so a long-running daemon does not grow. */
    private static final int MAX_CACHED = 512;
    private static final Pattern NOT_ALNUM = Pattern.compile("[^A-Za-z0-9]");

    private final Path projectsDir;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };
    private final AtomicLong bytesRead = new AtomicLong();

    /** The project folders as listed when {@code projects/} had this mtime (ns). */
    private record Listing(long mtime, List<Path> dirs) {}

    private volatile Listing folders;

    /** What one read found, and the file's size and mtime then. */
    private record Cached(Path file, long size, long mtime, Optional<PendingQuestion> pending) {}

    public Transcripts(Path configDir) {
        this.projectsDir = configDir.resolve("projects");
    }

    /** Bytes read from transcripts so far (tests check the tail is all that is read). */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Claude Code's folder name for a cwd: every character but ASCII letters and digits becomes '-'. */
    public static String projectDirName(String cwd) {
        return NOT_ALNUM.matcher(cwd).replaceAll("-");
    }

    /** Where the transcript should be; the folder name is checked first, then any folder holding the id. */
    public Path locate(String cwd, String sessionId) {
        String name = sessionId + ".jsonl";
        Path direct = cwd == null ? null : projectsDir.resolve(projectDirName(cwd)).resolve(name);
        if (direct != null && Files.isRegularFile(direct)) return direct;
        // long cwds are shortened (and hashed) by Claude Code: look for the session id in every project folder
        for (Path d : projectFolders()) {
            Path f = d.resolve(name);
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return f;
        }
        return direct;
    }

    /**
     * The folders of {@code projects/}, listed once while the folder's mtime stays (a new project folder
     * changes it): a scan with several busy agents whose transcripts are not where their cwd says read
     * the whole folder once per agent, and the daemon did so on every look.
     */
    private List<Path> projectFolders() {
        long mtime;
        try {
            BasicFileAttributes a = Files.readAttributes(projectsDir, BasicFileAttributes.class);
            if (!a.isDirectory()) return List.of();
            mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return List.of();
        }
        Listing l = folders;
        if (l != null && l.mtime() == mtime) return l.dirs();
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(projectsDir)) {
            for (Path d : ds) dirs.add(d);
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return dirs; // unreadable: what was read, not kept
        }
        // kept only once its mtime is 2 s old: on a file system with coarse times, a folder made in the same
        // tick as this listing would leave the mtime as it is (as git's "racily clean" index entries)
        if (System.currentTimeMillis() * 1_000_000L - mtime > 2_000_000_000L) folders = new Listing(mtime, List.copyOf(dirs));
        return dirs;
    }

    /** The unanswered question at the end of this session's transcript, if any (read only when it changed). */
    public Optional<PendingQuestion> pending(String cwd, String sessionId) {
        if (sessionId == null) return Optional.empty();
        Cached c;
        synchronized (cache) {
            c = cache.get(sessionId);
        }
        Path file = c != null ? c.file() : locate(cwd, sessionId);
        if (file == null) return Optional.empty();
        long[] stamp = stamp(file);
        if (stamp == null) return Optional.empty();
        if (c != null && c.size() == stamp[0] && c.mtime() == stamp[1]) return c.pending();
        Optional<PendingQuestion> p = read(file, stamp[0]);
        synchronized (cache) {
            cache.put(sessionId, new Cached(file, stamp[0], stamp[1], p));
        }
        return p;
    }

    /**
     * Whether the transcript changed since {@link #pending} last read it (one stat, no read): the daemon
     * asks this of its busy and waiting agents on a short timer.
     */
    public boolean changedSinceRead(String cwd, String sessionId) {
        if (sessionId == null) return false;
        Cached c;
        synchronized (cache) {
            c = cache.get(sessionId);
        }
        Path file = c != null ? c.file() : cwd == null ? null : projectsDir.resolve(projectDirName(cwd)).resolve(sessionId + ".jsonl");
        if (file == null) return false;
        long[] stamp = stamp(file);
        if (stamp == null) return false;
        return c == null || c.size() != stamp[0] || c.mtime() != stamp[1];
    }

    private static long[] stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) return null;
            return new long[] {a.size(), a.lastModifiedTime().toMillis()};
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The last {@link #TAIL_BYTES} (or less) of a transcript as text, its first line dropped when the
     * window cut it (for readers wanting more than {@link #pending}: a notification's wording).
     */
    public static String tailText(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = ch.size();
            int n = (int) Math.min(end, TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(n);
            long pos = end - n;
            while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) >= 0) {
                // until the window is full
            }
            String text = new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return pos > 0 && nl >= 0 ? text.substring(nl + 1) : text;
        }
    }

    /** Reads the last {@link #TAIL_BYTES} (or less) of {@code file} and scans them. */
    private Optional<PendingQuestion> read(Path file, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = Math.min(size, ch.size());
            int n = (int) Math.min(end, TAIL_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(n);
            long pos = end - n;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos + buf.position());
                if (r < 0) break;
            }
            bytesRead.addAndGet(buf.position());
            return TranscriptTail.scan(buf.array(), buf.position(), pos > 0);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
