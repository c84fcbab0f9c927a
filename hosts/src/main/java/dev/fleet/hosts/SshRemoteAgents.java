package dev.fleet.hosts;

import dev.fleet.commands.RemoteAgents;
import dev.fleet.commands.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code fleet ls} on every host at once, over ssh: {@code env FLEET_NO_HOSTS=1 <fleet> ls --json}, so the
 * remote fleet lists its own machine only (it never fans out to its own hosts file). Each host gets
 * {@link #TIMEOUT}; one that fails is a warning line, never an error of the command.
 */
public final class SshRemoteAgents implements RemoteAgents {
    /** How long ls waits for all hosts together (ssh's ConnectTimeout too). */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofMillis(500);
    /** Set on the remote call (and honoured here): this fleet asks no hosts. */
    public static final String NO_HOSTS = "FLEET_NO_HOSTS";

    @Override
    public boolean configured(Settings s) {
        return !"1".equals(s.env().get(NO_HOSTS)) && !HostsFile.load(s.env(), w -> {}).isEmpty();
    }

    @Override
    public List<String> hosts(Settings s) {
        if ("1".equals(s.env().get(NO_HOSTS))) return List.of();
        return HostsFile.load(s.env(), w -> {}).stream().map(HostsFile.Entry::destination).toList();
    }

    @Override
    public Pending ask(Settings s, List<String> only, boolean all) {
        if ("1".equals(s.env().get(NO_HOSTS))) return null;
        List<String> warnings = new ArrayList<>();
        List<HostsFile.Entry> file = HostsFile.load(s.env(), warnings::add);
        List<HostsFile.Entry> hosts = new ArrayList<>();
        if (only.isEmpty()) {
            hosts.addAll(file);
        } else {
            for (String h : only) {
                String why = HostName.problem(h);
                if (why != null) throw new IllegalArgumentException("--host: " + why);
                hosts.add(file.stream().filter(e -> e.destination().equals(h)).findFirst().orElse(HostsFile.Entry.of(h)));
            }
        }
        if (hosts.isEmpty()) {
            return warnings.isEmpty() ? null : warn -> {
                warnings.forEach(warn);
                return List.of();
            };
        }
        Path control = ControlDir.of(s.env());
        // each ssh is killed at TIMEOUT by its own thread (no process outlives the command); the grace is a backstop
        long deadline = System.nanoTime() + TIMEOUT.toNanos() + GRACE.toNanos();
        List<CompletableFuture<Listing>> futures = new ArrayList<>();
        for (HostsFile.Entry e : hosts) {
            futures.add(CompletableFuture.supplyAsync(() -> fetch(e, control, all), Daemons.POOL));
        }
        return warn -> {
            warnings.forEach(warn);
            List<Listing> out = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                String h = hosts.get(i).destination();
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    out.add(futures.get(i).get(left, TimeUnit.NANOSECONDS));
                } catch (TimeoutException ex) {
                    futures.get(i).cancel(true);
                    warn.accept("host " + h + ": no answer within " + (TIMEOUT.toMillis() + GRACE.toMillis()) + " ms; its agents are not listed");
                } catch (ExecutionException ex) {
                    warn.accept("host " + h + ": " + ex.getCause().getMessage() + "; its agents are not listed");
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return out;
        };
    }

    /** The daemon's streams (one per host of the hosts file, which they follow); none under FLEET_NO_HOSTS=1. */
    @Override
    public Streams stream(Settings s, Consumer<String> log) {
        return stream(s, log, e -> { });
    }

    @Override
    public Streams stream(Settings s, Consumer<String> log, Consumer<java.util.Map<String, Object>> changes) {
        if ("1".equals(s.env().get(NO_HOSTS))) return null;
        return new HostStreams(s.env(), ControlDir.of(s.env()), log, changes);
    }

    /** How long ssh may take to connect when a remote command runs long (send --verify). */
    static final Duration CONNECT = Duration.ofSeconds(4);

    @Override
    public Ran run(Settings s, String host, List<String> args, Duration timeout) {
        if ("1".equals(s.env().get(NO_HOSTS))) throw new IllegalStateException("not asked: " + NO_HOSTS + "=1");
        HostsFile.Entry e = entry(s, host);
        List<String> argv = new ArrayList<>(List.of("env", NO_HOSTS + "=1"));
        argv.addAll(e.fleet());
        argv.addAll(args);
        Ran r = runArgv(s, e.destination(), argv, timeout);
        if (r.exit() == 127) throw new IllegalStateException("no '" + e.fleet().get(0) + "' on its PATH: "
                + new SshHost.Answer(r.exit(), r.out(), r.err(), false).why());
        return r;
    }

    @Override
    public Ran runArgv(Settings s, String host, List<String> argv, Duration timeout) {
        if ("1".equals(s.env().get(NO_HOSTS))) throw new IllegalStateException("not asked: " + NO_HOSTS + "=1");
        HostsFile.Entry e = entry(s, host);
        SshHost.Answer a;
        try {
            a = new SshHost(e.destination(), ControlDir.of(s.env())).run(argv, CONNECT.compareTo(timeout) < 0 ? CONNECT : timeout, timeout);
        } catch (SshHost.Failed f) {
            throw new IllegalStateException(f.getMessage());
        }
        if (a.exit() == 255) throw new IllegalStateException("unreachable: " + a.why());
        return new Ran(a.exit(), a.out(), a.err());
    }

    @Override
    public List<String> interactive(String host, List<String> remote) {
        return SshHost.interactiveArgv(host, remote);
    }

    @Override
    public List<String> viewer(Settings s, String host, List<String> remote) {
        return new SshHost(entry(s, host).destination(), ControlDir.of(s.env())).viewerArgv(remote, CONNECT);
    }

    /** The hosts file's line for {@code host} (its fleet command), else the host as named with the default fleet. */
    private static HostsFile.Entry entry(Settings s, String host) {
        String why = HostName.problem(host);
        if (why != null) throw new IllegalArgumentException(why);
        return HostsFile.load(s.env(), w -> {}).stream().filter(x -> x.destination().equals(host)).findFirst()
                .orElse(HostsFile.Entry.of(host));
    }

    /** One host's listing, or an exception whose message says why not. */
    static Listing fetch(HostsFile.Entry e, Path control, boolean all) {
        List<String> argv = new ArrayList<>(List.of("env", NO_HOSTS + "=1"));
        argv.addAll(e.fleet());
        argv.add("ls");
        argv.add("--json");
        if (all) argv.add("--all");
        SshHost.Answer a = new SshHost(e.destination(), control).run(argv, TIMEOUT);
        if (a.exit() == 255) throw new IllegalStateException("unreachable: " + a.why());
        if (a.exit() == 127) throw new IllegalStateException("no '" + e.fleet().get(0) + "' on its PATH: " + a.why());
        if (a.exit() != 0) throw new IllegalStateException("fleet there exited " + a.exit() + ": " + a.why());
        if (a.truncated()) throw new IllegalStateException("its answer is larger than " + (SshHost.MAX_ANSWER >> 20) + " MiB");
        List<Map<String, Object>> agents = RemoteListing.parse(a.out(), e.destination());
        return new Listing(e.destination(), agents);
    }

    /** The threads hosts are asked on: daemon threads, so a hung ssh never keeps the JVM alive. */
    static final class Daemons {
        static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fleet-host");
            t.setDaemon(true);
            return t;
        });

        private Daemons() {}
    }
}
