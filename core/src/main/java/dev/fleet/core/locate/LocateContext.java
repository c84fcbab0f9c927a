package dev.fleet.core.locate;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.proc.ProcSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a layer may use to locate and probe: the one /proc snapshot of this invocation, fleet's own
 * environment, options from the command line by their
 * names (a layer reads its own, e.g. the tmux layer {@code --tmux-socket} → paths), a runner for
 * external programs, a sink for warnings and verbose notes, and the environment variables the loaded
 * layers read from agents' processes ({@code hintEnv}: the chain that runs fills it in, so a layer
 * that copies variables from another process — tmux from the client showing a pane — copies what the
 * others ask for, without naming them).
 */
public record LocateContext(
        ProcSnapshot proc,
        Map<String, String> env,
        Map<String, List<String>> options,
        Exec exec,
        Consumer<String> warn,
        Consumer<String> verbose,
        Set<String> hintEnv) {

    public LocateContext {
        hintEnv = Set.copyOf(hintEnv);
    }

    /** A context before any chain ran: no hint variables yet. */
    public LocateContext(ProcSnapshot proc, Map<String, String> env, Map<String, List<String>> options, Exec exec,
            Consumer<String> warn, Consumer<String> verbose) {
        this(proc, env, options, exec, warn, verbose, Set.of());
    }

    public LocateContext withHintEnv(Set<String> keys) {
        return new LocateContext(proc, env, options, exec, warn, verbose, keys);
    }

    public List<String> option(String name) {
        return options.getOrDefault(name, List.of());
    }

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
