package dev.fleet.daemon;

import dev.fleet.core.daemon.DaemonLiveness;
import dev.fleet.core.daemon.DaemonClient;
import dev.fleet.core.daemon.DaemonPart;
import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.label.LabelStore;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.util.AtomicFiles;
import dev.fleet.core.util.Ids;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The daemon's life: take the lock beside the socket (a second daemon refuses to start), replace a
 * stale socket, scan the fleet fully, only then open the socket (0600 in a 0700 directory), serve until
 * {@code stop} or SIGTERM, and remove the socket on the way out.
 */
public final class FleetDaemon implements AutoCloseable {
    /** What the daemon needs from its environment. */
    public record Config(Path socket, Path configDir, Path procRoot, Map<String, String> env,
            Map<String, List<String>> locateOptions, Path stateDir, PictureKeeper.Timing timing,
            DaemonServer.Limits limits) {}

    /** The daemon cannot start; the message is one line for the user. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartException(String message) {
            super(message);
        }
    }

    private final Config config;
    private final Consumer<String> log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private FileChannel lockChannel;
    private FifoLane fifo;
    private FileLock lock;
    private PictureKeeper keeper;
    private Reactors reactors;
    private DaemonServer server;
    private dev.fleet.commands.RemoteAgents.Streams remoteHosts;
    private final List<AutoCloseable> parts = new java.util.ArrayList<>();
    private volatile boolean closing;

    private FleetDaemon(Config config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    /** A log sink writing timestamped lines to stderr (the daemon's log when started in the background). */
    public static Consumer<String> stderrLog() {
        return line -> System.err.println(Instant.now() + " fleet-daemon: " + line);
    }

    /** Starts a daemon serving its own ops and the command table's served commands; returns once its socket answers. */
    public static FleetDaemon start(Config config, Consumer<String> log) throws StartException {
        return start(config, TableOps.all(), log);
    }

    /** Starts a daemon with these ops besides its own (tests: none, or stand-ins); returns once its socket answers. */
    public static FleetDaemon start(Config config, Map<String, DaemonOp> extraOps, Consumer<String> log) throws StartException {
        FleetDaemon d = new FleetDaemon(config, log);
        try {
            d.open(extraOps);
        } catch (StartException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void open(Map<String, DaemonOp> extraOps) throws StartException {
        Path sock = config.socket();
        Path dir = sock.toAbsolutePath().getParent();
        try {
            prepareDir(dir);
            // held for the daemon's lifetime: clients find the holder in /proc/locks (DaemonLiveness)
            lockChannel = FileChannel.open(DaemonLiveness.lockFile(dir), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by another daemon in this very JVM (tests)
        } catch (IOException e) {
            throw new StartException("cannot prepare " + dir + ": " + e.getMessage());
        }
        if (lock == null) throw new StartException(alreadyRunning(sock, "another fleet daemon holds " + dir.resolve("fleet.lock")));
        if (Files.exists(sock, LinkOption.NOFOLLOW_LINKS)) {
            try (DaemonClient c = DaemonClient.connect(sock)) {
                throw new StartException(alreadyRunning(sock, "a fleet daemon answers on " + sock));
            } catch (IOException e) {
                log.accept("replacing the stale socket " + sock + " (" + e.getMessage() + ")");
                try {
                    Files.deleteIfExists(sock);
                } catch (IOException d) {
                    throw new StartException("cannot remove the stale socket " + sock + ": " + d.getMessage());
                }
            }
        }
        long t0 = System.nanoTime();
        LabelStore labels = LabelStore.in(config.stateDir(), w -> log.accept("warning: " + w));
        AgentRegistry registry = new AgentRegistry(System::currentTimeMillis);
        keeper = new PictureKeeper(config.configDir(), config.procRoot(), config.env(), config.locateOptions(),
                Locators.load(), labels, registry, config.timing(), log);
        keeper.start(); // the full scan, before the socket opens
        log.accept("scanned " + registry.agents().size() + " agents in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        AFUNIXServerSocket ss;
        try {
            ss = AFUNIXServerSocket.newInstance();
            ss.bind(AFUNIXSocketAddress.of(sock), 256);
            Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new StartException("cannot listen on " + sock + ": " + e.getMessage());
        }
        server = new DaemonServer(ss, sock, keeper, extraOps, config.limits(), log, this::close);
        try {
            LaneFile.write(sock.getParent()); // the launcher's list of lane forms and variables: this daemon's table
            fifo = new FifoLane(sock.getParent(), DaemonLiveness.startTicks(ProcessHandle.current().pid()), server, log);
            fifo.start();
        } catch (IOException | RuntimeException e) {
            // the launcher then takes the JVM path to the socket: slower, still right
            log.accept("warning: no fast lane for the launcher: " + e.getMessage());
        }
        FleetConfig settings = FleetConfig.load(config.env(), w -> log.accept("warning: " + w));
        // what bridges keep while a daemon runs (tmux: a control client per server, so a switch starts no process)
        for (DaemonPart p : java.util.ServiceLoader.load(DaemonPart.class)) {
            try {
                AutoCloseable c = p.start(config.env(), settings, log);
                if (c != null) parts.add(c);
            } catch (RuntimeException e) {
                log.accept("warning: " + p.getClass().getSimpleName() + " did not start: " + e.getMessage());
            }
        }
        // marks and notifications: fed the picture's changes from here on, on a thread of their own
        reactors = Reactors.start(new Reactor.Context(config.env(), settings, log, registry::agents, this::focus), registry);
        // other hosts' pictures, streamed in the background (RemoteHosts): list and the ls table read them cached
        remoteHosts = RemoteHosts.start(config.env(), log, registry); // their changes join the registry's stream
        // the lane first: once the socket answers (what `daemon start` waits for), the launcher's lane is there too
        server.start();
        log.accept("listening on " + sock + " (pid " + ProcessHandle.current().pid() + ", config dir " + config.configDir() + ")");
    }

    /** Brings {@code a} in front as {@code fleet switch <session id>} would, in this daemon (a notification's "Show"). */
    private int focus(Agent a) {
        DaemonOp op = TableOps.all().get("switch");
        if (op == null || keeper == null) return ExitCodes.ERROR;
        Map<String, Object> req = new java.util.LinkedHashMap<>();
        req.put("args", List.of(a.sessionId()));
        req.put("env", new java.util.LinkedHashMap<>(config.env()));
        Object exit = op.handle(req, keeper.registry().agents()).get("exit");
        return exit instanceof Number n ? n.intValue() : ExitCodes.ERROR;
    }

    private static String alreadyRunning(Path sock, String why) {
        String pid = "";
        try (DaemonClient c = DaemonClient.connect(sock)) {
            Map<String, Object> st = c.call(Map.of("v", 1, "op", "status"), Duration.ofSeconds(2));
            if (st.get("pid") != null) pid = " (pid " + st.get("pid") + ")";
        } catch (IOException | RuntimeException e) {
            // starting up, or wedged: the lock is still held
        }
        return "a fleet daemon is already running" + pid + ": " + why + "; 'fleet daemon stop' stops it";
    }

    /** 0700 and ours: a directory another user can write to could hold a socket they control. */
    private static void prepareDir(Path dir) throws IOException, StartException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) throw new StartException(dir + " exists and is not a directory");
            AtomicFiles.privateDir(dir);
            return;
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != Ids.uid()) throw new StartException(dir + " belongs to uid " + owner + ", not to you (uid " + Ids.uid() + "); remove it");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    public PictureKeeper keeper() {
        return keeper;
    }

    public DaemonServer server() {
        return server;
    }

    public Path socket() {
        return config.socket();
    }

    /** Blocks until the daemon stopped ({@code stop} op, SIGTERM via a shutdown hook calling {@link #close}). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops serving, removes the socket, releases the lock. Idempotent. */
    @Override
    public synchronized void close() {
        if (closing) return;
        closing = true;
        if (fifo != null) fifo.close();
        if (server != null) server.close();
        RemoteHosts.stop(remoteHosts);
        if (reactors != null) reactors.close(); // before the keeper: the last changes reach them, then marks go
        if (keeper != null) keeper.close();
        for (AutoCloseable c : parts) {
            try {
                c.close(); // tmux: the control clients' stdin closes, tmux drops them
            } catch (Exception e) {
                log.accept("warning: " + e.getMessage());
            }
        }
        parts.clear();
        if (lock != null) {
            // only the lock holder may remove the socket: it is ours
            try {
                Files.deleteIfExists(config.socket());
            } catch (IOException e) {
                log.accept("warning: cannot remove " + config.socket() + ": " + e.getMessage());
            }
            try {
                lock.release();
            } catch (IOException e) {
                // the channel closes next
            }
        }
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                // closing
            }
        }
        if (server != null) log.accept("stopped");
        stopped.countDown();
    }
}
