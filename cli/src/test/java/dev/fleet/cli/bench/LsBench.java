package dev.fleet.cli.bench;

import dev.fleet.core.claude.AgentDiscovery;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.locate.Locators;
import dev.fleet.core.proc.ProcSnapshot;
import dev.fleet.core.scan.FleetScan;
import dev.fleet.testkit.ClaudeAgent;
import dev.fleet.testkit.ClaudeCode;
import dev.fleet.testkit.FakeModelApi;
import dev.fleet.testkit.TmuxServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks of issue 2 (run with bench/run ls; not part of the test suite):
 * resolution over a synthetic fleet (200 session files over a fake /proc of 5 000 processes, and
 * other sizes to show the cost is linear), and {@code ./fleet ls --json} against
 * {@code claude agents --json} on 10 real agents, whole processes, same run.
 */
class LsBench {
    @TempDir
    Path tmp;

    static Path repo() {
        return Path.of(System.getProperty("fleet.repo", "..")).toAbsolutePath().normalize();
    }

    /** A fake /proc of {@code procs} processes, {@code agents} of them with session files (half of which are stale). */
    static Path synthetic(Path dir, int procs, int agents) throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Path sessions = Files.createDirectories(dir.resolve("claude/sessions"));
        for (int pid = 2; pid < procs + 2; pid++) {
            int ppid = pid < 10 ? 1 : 2 + (pid * 7919) % (pid - 2);
            Path d = Files.createDirectories(proc.resolve(Integer.toString(pid)));
            Files.writeString(d.resolve("stat"), pid + " (proc " + pid + ") S " + ppid
                    + " 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 " + (1000 + pid) + " 1000000 100 0 0\n");
            Files.writeString(d.resolve("environ"), "PATH=/bin\0TERM=xterm\0");
        }
        for (int i = 0; i < agents; i++) {
            int pid = 2 + (i * 24) % procs;
            long start = (i % 2 == 0) ? 1000 + pid : 7; // every other file is stale (PID reused)
            Files.writeString(sessions.resolve(pid + ".json"), "{\"pid\":" + pid + ",\"sessionId\":\"s-" + i
                    + "\",\"cwd\":\"/nowhere/p" + i + "\",\"procStart\":\"" + start + "\",\"status\":\"idle\","
                    + "\"statusUpdatedAt\":1,\"name\":\"a" + i + "\",\"version\":\"2.1.330\"}");
        }
        return dir;
    }

    @Test
    void resolutionOverSyntheticFleets() throws IOException {
        System.out.println("== resolution (in-process, warm JVM): discovery + liveness + tmux locator, median of 30");
        int[][] sizes = {{1250, 50}, {2500, 100}, {5000, 200}, {10000, 400}};
        for (int[] s : sizes) {
            Path d = synthetic(Files.createDirectories(tmp.resolve("s" + s[0])), s[0], s[1]);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("TMUX_TMPDIR", d.resolve("no-tmux").toString());
            FleetScan scan = new FleetScan(d.resolve("claude"), d.resolve("proc"), env, Map.of(), w -> {}, v -> {},
                    id -> null, Locators.load());
            for (int i = 0; i < 10; i++) scan.run(false);
            List<Double> ms = new ArrayList<>();
            int found = 0;
            for (int i = 0; i < 30; i++) {
                long t0 = System.nanoTime();
                found = scan.run(false).agents().size();
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            System.out.println("   " + Timer.stats(s[0] + " processes, " + s[1] + " session files (" + found + " live)", ms));
        }
        Path d = synthetic(Files.createDirectories(tmp.resolve("whole")), 5000, 200);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CLAUDE_CONFIG_DIR", d.resolve("claude").toString());
        env.put("FLEET_PROC_ROOT", d.resolve("proc").toString());
        env.put("TMUX_TMPDIR", d.resolve("no-tmux").toString());
        System.out.println("== whole process, 5000 processes + 200 session files");
        Map<String, List<String>> cmds = new LinkedHashMap<>();
        cmds.put("./fleet ls --json (synthetic)", List.of(repo().resolve("fleet").toString(), "ls", "--json"));
        cmds.put("baseline: java -version", List.of("java", "-Xshare:auto", "-version"));
        Timer.compare(15, env, cmds).forEach(x -> System.out.println("   " + x));
        assert ProcSnapshot.class != null && AgentDiscovery.class != null;
    }

    @Test
    void fleetLsAgainstClaudeAgentsWithTenRealAgents() throws Exception {
        try (FakeModelApi api = FakeModelApi.start(); TmuxServer tmux = TmuxServer.named(); ClaudeCode claude = ClaudeCode.create(api)) {
            // trust every folder before the first start: running agents rewrite .claude.json from memory
            List<Path> dirs = new ArrayList<>();
            for (int i = 0; i < 10; i++) dirs.add(Files.createDirectories(tmp.resolve("p" + i)));
            claude.trust(dirs.toArray(Path[]::new));
            List<ClaudeAgent> agents = new ArrayList<>();
            for (int i = 0; i < 10; i++) agents.add(claude.startInTmux(tmux, "a" + i, dirs.get(i)));
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("CLAUDE_CONFIG_DIR", claude.configDir().toString());
            env.put("XDG_RUNTIME_DIR", Files.createDirectories(tmp.resolve("run")).toString());
            env.put("XDG_STATE_HOME", tmp.resolve("state").toString());
            Map<String, String> direct = new HashMap<>(env);
            direct.put("FLEET_NO_DAEMON", "1");
            String fleet = repo().resolve("fleet").toString();
            Map<String, List<String>> cmds = new LinkedHashMap<>();
            cmds.put("./fleet ls --json (no daemon)", List.of(fleet, "ls", "--json"));
            cmds.put("claude agents --json", List.of(ClaudeCode.binary().toString(), "agents", "--json"));
            cmds.put("baseline: java -version", List.of("java", "-Xshare:auto", "-version"));
            System.out.println("== 10 real Claude Code agents in tmux, whole processes, interleaved");
            List<Timer.Stats> st = Timer.compare(15, direct, cmds);
            Exec exec = Exec.withTimeout(java.time.Duration.ofSeconds(60));
            if (!exec.run(List.of(fleet, "daemon", "start"), env, null).ok()) throw new AssertionError("daemon start failed");
            Timer.Stats viaDaemon;
            try {
                Thread.sleep(1000);
                Map<String, List<String>> d = new LinkedHashMap<>();
                d.put("./fleet ls --json (daemon)", List.of(fleet, "ls", "--json"));
                d.put("claude agents --json ", List.of(ClaudeCode.binary().toString(), "agents", "--json"));
                List<Timer.Stats> ds = Timer.compare(15, env, d);
                viaDaemon = ds.get(0);
                ds.forEach(x -> System.out.println("   " + x));
            } finally {
                exec.run(List.of(fleet, "daemon", "stop"), env, null);
            }
            st.forEach(x -> System.out.println("   " + x));
            System.out.printf("   ratio fleet/claude (p50): no daemon %.2f, daemon %.2f%n", st.get(0).p50() / st.get(1).p50(),
                    viaDaemon.p50() / st.get(1).p50());
        }
    }
}
