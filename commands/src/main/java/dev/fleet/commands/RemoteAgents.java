package dev.fleet.commands;

import dev.fleet.core.util.Services;
import java.util.List;
import java.util.Map;

/**
 * Agents on other machines, for {@code fleet ls} and for acting on one ({@link RemoteTarget}): offered by module {@code hosts} (over OpenSSH) as a
 * {@code META-INF/services/dev.fleet.commands.RemoteAgents} service, so this module stays on core only.
 * Without a provider on the class path fleet sees this machine alone.
 */
public interface RemoteAgents {
    /** The name that means this machine in {@code --host} and the HOST column's filter. */
    String LOCAL = "local";

    /** Whether the user's hosts file names any host (the daemon's local-only ls table then hands over). */
    boolean configured(Settings s);

    /**
     * The destinations of the user's hosts file, in its order (none: no file, or FLEET_NO_HOSTS=1): the hosts
     * {@code --host} may name on peek, send and switch.
     */
    default List<String> hosts(Settings s) {
        return List.of();
    }

    /**
     * Starts asking every host of the hosts file, or only those of {@code only} (minus {@link #LOCAL}) when
     * it is not empty, in the background; null when there is none to ask.
     *
     * @throws IllegalArgumentException for a host name fleet refuses (the message says which and why)
     */
    Pending ask(Settings s, List<String> only, boolean all);

    /** Answers under way. */
    interface Pending {
        /**
         * Every host's listing, in the hosts file's order, within the provider's timeout: an unreachable or
         * failing host is one line to {@code warn} (which host, why) and no listing.
         */
        List<Listing> await(java.util.function.Consumer<String> warn);
    }

    /**
     * One host's agents: {@code fleet ls --json} objects, checked, with {@code host} set to the destination.
     * {@code stale}: null when current; else why the host's stream is down (its agents are the last known).
     */
    record Listing(String host, List<Map<String, Object>> agents, String stale) {
        public Listing(String host, List<Map<String, Object>> agents) {
            this(host, agents, null);
        }
    }

    /**
     * The daemon's side: one long-lived stream per host of the hosts file, kept in the background (the
     * file is re-read when it changes); null when there is nothing to stream (no hosts, FLEET_NO_HOSTS=1).
     * The daemon starts it, publishes it in {@link #RUNNING} and closes it when it stops.
     */
    default Streams stream(Settings s, java.util.function.Consumer<String> log) {
        return null;
    }

    /** As {@link #stream(Settings, java.util.function.Consumer)}, the hosts' changes to {@code changes} from the first one on ({@link Streams#onChange}). */
    default Streams stream(Settings s, java.util.function.Consumer<String> log, java.util.function.Consumer<Map<String, Object>> changes) {
        Streams st = stream(s, log);
        if (st != null) st.onChange(changes);
        return st;
    }

    /** Every host's picture as its stream last said it, without waiting on ssh. */
    interface Streams extends AutoCloseable {
        /** In the hosts file's order; a host whose stream is down is {@link Listing#stale()}, its agents kept. */
        List<Listing> cached();

        /**
         * Whether a host is still on its first connection (the daemon just started, or the hosts file just
         * named it): its cache says nothing yet, so the daemon hands the answer back to the direct path.
         */
        boolean settling();

        /**
         * Where the hosts' changes go from now on (one consumer; the daemon's, set once at start): each a
         * {@code subscribe} event as the host's daemon sent it ({@code added}, {@code removed}, {@code state},
         * {@code label}; a reconnect's snapshot as the events that differ from the picture kept) or {@code stale}
         * when the host's stream went down or came back; with {@code host} (the ssh destination) beside
         * {@code event} and in {@code agent}. Called on the host's stream thread: it must not block.
         */
        default void onChange(java.util.function.Consumer<Map<String, Object>> events) {}

        /** Ends every stream (its ssh processes) and the hosts file's watch. */
        @Override
        void close();
    }

    /**
     * The streams of the daemon running in this JVM, null elsewhere: what the daemon's {@code ls} table and
     * {@code list} read, so they never ask ssh while a caller waits.
     */
    java.util.concurrent.atomic.AtomicReference<Streams> RUNNING = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Runs {@code env FLEET_NO_HOSTS=1 <fleet> <args>} on {@code host} (its fleet command from the hosts file),
     * the argv quoted word by word for the remote shell, and returns what it left (size-limited).
     *
     * @throws IllegalStateException with a one-line reason when the host cannot be reached or has no fleet
     */
    default Ran run(Settings s, String host, List<String> args, java.time.Duration timeout) {
        throw new IllegalStateException("no hosts module");
    }

    /**
     * Runs {@code argv} itself on {@code host} (no fleet: e.g. the host's {@code tmux switch-client}), quoted word
     * by word for the remote shell, over the shared connection.
     *
     * @throws IllegalStateException with a one-line reason when the host cannot be reached
     */
    default Ran runArgv(Settings s, String host, List<String> argv, java.time.Duration timeout) {
        throw new IllegalStateException("no hosts module");
    }

    /** A remote fleet's exit, stdout (at most the provider's limit) and stderr. */
    record Ran(int exit, byte[] out, String err) {}

    /** The local argv that opens an interactive {@code remote} on {@code host}: {@code ssh -t -- host <quoted argv>}. */
    default List<String> interactive(String host, List<String> remote) {
        throw new IllegalStateException("no hosts module");
    }

    /**
     * The local argv that runs {@code remote} on {@code host} in a terminal, over fleet's shared connection:
     * {@code ssh -t -o ControlMaster=auto -o ControlPath=… … -- host <quoted argv>} (a watch viewer, a workspace tile).
     *
     * @throws IllegalArgumentException for a host name fleet refuses or a word no shell can carry (a NUL byte)
     */
    default List<String> viewer(Settings s, String host, List<String> remote) {
        throw new IllegalStateException("no hosts module");
    }

    /**
     * Where the user's hosts file is: {@code hosts} beside fleet's settings file. Here, not in the hosts
     * module, so that {@code fleet ls} can see there is none without loading the provider (a direct
     * {@code ls} on a machine without hosts then loads no class of that module).
     */
    static java.nio.file.Path hostsFile(Map<String, String> env) {
        return dev.fleet.core.config.FleetConfig.path(env).resolveSibling("hosts");
    }

    /** The provider on the class path, or null. */
    static RemoteAgents load() {
        List<RemoteAgents> l = Services.load(RemoteAgents.class);
        return l.isEmpty() ? null : l.get(0);
    }
}
