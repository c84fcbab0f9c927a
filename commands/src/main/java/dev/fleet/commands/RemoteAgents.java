package dev.fleet.commands;

import dev.fleet.core.util.Services;
import java.util.List;
import java.util.Map;

/**
 * Agents on other machines, for {@code fleet ls}: offered by module {@code hosts} (over OpenSSH) as a
 * {@code META-INF/services/dev.fleet.commands.RemoteAgents} service, so this module stays on core only.
 * Without a provider on the class path fleet sees this machine alone.
 */
public interface RemoteAgents {
    /** The name that means this machine in {@code --host} and the HOST column's filter. */
    String LOCAL = "local";

    /** Whether the user's hosts file names any host (the daemon's local-only ls table then hands over). */
    boolean configured(Settings s);

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

    /** One host's agents: {@code fleet ls --json} objects, checked, with {@code host} set to the destination. */
    record Listing(String host, List<Map<String, Object>> agents) {}

    /** The provider on the class path, or null. */
    static RemoteAgents load() {
        List<RemoteAgents> l = Services.load(RemoteAgents.class);
        return l.isEmpty() ? null : l.get(0);
    }
}
