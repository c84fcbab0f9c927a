package dev.fleet.cli.bench;

import dev.fleet.core.exec.Exec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Times whole processes: alternating runs of the contenders, medians and p90 in ms. */
final class Timer {
    private Timer() {}

    record Stats(String name, double p50, double p90, double min, int runs) {
        @Override
        public String toString() {
            return String.format("%-40s p50 %7.1f ms   p90 %7.1f ms   min %7.1f ms   (%d runs)", name, p50, p90, min, runs);
        }
    }

    /** Runs each command {@code runs} times, interleaved so machine noise hits all alike; one warm-up each. */
    static List<Stats> compare(int runs, Map<String, String> env, Map<String, List<String>> commands) {
        Exec exec = Exec.withTimeout(Duration.ofSeconds(60));
        List<List<Double>> samples = new ArrayList<>();
        List<String> names = new ArrayList<>(commands.keySet());
        for (String n : names) {
            samples.add(new ArrayList<>());
            Exec.Result r = exec.run(commands.get(n), env, null);
            if (!r.ok()) throw new AssertionError(n + " failed: " + r.firstErrorLine());
        }
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < names.size(); k++) {
                long t0 = System.nanoTime();
                Exec.Result r = exec.run(commands.get(names.get(k)), env, null);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (!r.ok()) throw new AssertionError(names.get(k) + " failed: " + r.firstErrorLine());
                samples.get(k).add(ms);
            }
        }
        List<Stats> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) out.add(stats(names.get(k), samples.get(k)));
        return out;
    }

    static Stats stats(String name, List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return new Stats(name, s.get(s.size() / 2), s.get((int) Math.min(s.size() - 1, Math.round(s.size() * 0.9))), s.get(0), s.size());
    }
}
