package dev.fleet.core.scan;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentDiscovery;
import dev.fleet.core.claude.AgentOrder;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.locate.LocateContext;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.proc.ProcSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One full look at the fleet: one /proc snapshot, the session files, then every locator once.
 * This is the whole data flow of {@code fleet ls}: snapshot → agents → locations.
 */
public final class FleetScan {
    private final Path configDir;
    private final Path procRoot;
    private final Map<String, String> env;
    private final Map<String, List<String>> options;
    private final Consumer<String> warn;
    private final Consumer<String> verbose;
    private final Function<String, String> labels;
    private final Locators locators;
    private final Exec exec = Exec.withTimeout(Duration.ofSeconds(3));

    public FleetScan(Path configDir, Path procRoot, Map<String, String> env, Map<String, List<String>> options,
            Consumer<String> warn, Consumer<String> verbose, Function<String, String> labels, Locators locators) {
        this.configDir = configDir;
        this.procRoot = procRoot;
        this.env = env;
        this.options = options;
        this.warn = warn;
        this.verbose = verbose;
        this.labels = labels;
        this.locators = locators;
    }

    /** The result of a scan: the snapshot it used (focus needs the same one) and the agents in listing order. */
    public record Result(ProcSnapshot proc, List<Agent> agents) {}

    public Result run(boolean includeDead) {
        ProcSnapshot proc = ProcSnapshot.read(procRoot);
        List<Agent> agents = new AgentDiscovery(configDir, warn, labels).discover(proc, includeDead);
        LocateContext ctx = new LocateContext(proc, env, options, exec, warn, verbose);
        List<Agent> located = new ArrayList<>(locators.locate(ctx, agents));
        located.sort(AgentOrder.LISTING);
        return new Result(proc, located);
    }

    /**
     * Runs every locator over {@code agents} (their old locations dropped) with this snapshot, their hints
     * read again from each process's environ: a picture may hold hints read at an unlucky moment (a
     * process forked but not yet exec'd still shows its parent's environ), and locating afresh means
     * from what the process says now. One environ read per agent.
     */
    public List<Agent> locate(ProcSnapshot proc, List<Agent> agents) {
        java.util.Set<String> keys = locators.layers().hintEnv();
        List<Agent> bare = new ArrayList<>();
        for (Agent a : agents) bare.add(a.withFreshHints(proc.environ(a.pid(), keys)).withoutLocations());
        return locators.locate(new LocateContext(proc, env, options, exec, warn, verbose), bare);
    }

    public Exec exec() {
        return exec;
    }
}
