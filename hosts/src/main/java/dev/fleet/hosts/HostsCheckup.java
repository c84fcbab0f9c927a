package dev.fleet.hosts;

import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.doctor.Checkup;
import dev.fleet.core.doctor.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code fleet doctor}, one line per host of the hosts file: reachable over ssh (BatchMode, the shared
 * master), fleet present there, and its version beside this one's. Hosts are checked in parallel.
 */
public final class HostsCheckup implements Checkup {
    private static final Pattern VERSION = Pattern.compile("fleet [A-Za-z0-9._+-]{1,40}");

    @Override
    public String name() {
        return "hosts";
    }

    @Override
    public List<Finding> check(Map<String, String> env, FleetConfig config) {
        List<Finding> out = new ArrayList<>();
        List<HostsFile.Entry> hosts = HostsFile.load(env, w -> out.add(Finding.warn("hosts", w, "fix the line")));
        if (hosts.isEmpty()) return out; // one machine: nothing to say
        Path control;
        try {
            control = ControlDir.of(env);
        } catch (IllegalStateException e) {
            out.add(Finding.missing("hosts", e.getMessage(), "make the directory yours and mode 700"));
            return out;
        }
        List<CompletableFuture<Finding>> checks = new ArrayList<>();
        for (HostsFile.Entry e : hosts) {
            checks.add(CompletableFuture.supplyAsync(() -> one(e, control), SshRemoteAgents.Daemons.POOL));
        }
        for (CompletableFuture<Finding> f : checks) out.add(f.join());
        return out;
    }

    static Finding one(HostsFile.Entry e, Path control) {
        String h = e.destination();
        List<String> argv = new ArrayList<>(List.of("env", SshRemoteAgents.NO_HOSTS + "=1"));
        argv.addAll(e.fleet());
        argv.add("--version");
        SshHost.Answer a;
        try {
            a = new SshHost(h, control).run(argv, SshRemoteAgents.TIMEOUT);
        } catch (SshHost.Failed ex) {
            return Finding.missing("hosts", h + ": " + ex.getMessage(), "check `ssh " + h + " true` answers without a prompt");
        }
        if (a.exit() == 255) {
            return Finding.missing("hosts", h + ": unreachable: " + a.why(),
                    "make `ssh -o BatchMode=yes " + h + " true` work (keys, ssh_config)");
        }
        if (a.exit() == 127) {
            return Finding.missing("hosts", h + ": reachable, but no '" + e.fleet().get(0) + "' on its PATH",
                    "install fleet there, or name its command after the host in " + "the hosts file");
        }
        String first = new String(a.out(), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        if (a.exit() != 0 || !VERSION.matcher(first).matches()) {
            return Finding.missing("hosts", h + ": reachable, but fleet there did not say its version (exit " + a.exit()
                    + "): " + a.why(), "run `ssh " + h + " fleet --version` to see why");
        }
        String mine = "fleet " + version();
        if (!first.equals(mine)) {
            return Finding.warn("hosts", h + ": reachable, " + first + " (this is " + mine + ")", "use the same fleet on both");
        }
        return Finding.ok("hosts", h + ": reachable, " + first);
    }

    /**
     * This fleet's version as {@code fleet --version} says it: the entry point's jar's (the cli's package,
     * named, not imported — this module is below the cli), else {@code dev}.
     */
    static String version() {
        Package p = HostsCheckup.class.getClassLoader().getDefinedPackage("dev.fleet.cli");
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
