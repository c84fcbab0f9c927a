package dev.fleet.core.locate;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.proc.ProcSnapshot;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a locator may use: the one /proc snapshot of this invocation, fleet's own environment, options
 * from the command line (e.g. "tmux-socket" → paths), a runner for external programs and a sink for
 * warnings and verbose notes.
 */
public record LocateContext(
        ProcSnapshot proc,
        Map<String, String> env,
        Map<String, List<String>> options,
        Exec exec,
        Consumer<String> warn,
        Consumer<String> verbose) {

    public List<String> option(String name) {
        return options.getOrDefault(name, List.of());
    }

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
