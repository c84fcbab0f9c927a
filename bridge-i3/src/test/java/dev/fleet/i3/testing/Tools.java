package dev.fleet.i3.testing;

import dev.fleet.core.exec.Exec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skip-unless-CI for tests that need real programs: missing tools skip the test on a developer machine
 * and fail it when system property {@code fleet.ci} is "true" (CI must run everything). Same contract as
 * testkit's Require, kept here so this fixture depends on nothing but JDK, core and JUnit.
 */
public final class Tools {
    private Tools() {}

    public static boolean ci() {
        return "true".equals(System.getProperty("fleet.ci"));
    }

    public static void require(String... tools) {
        List<String> missing = new ArrayList<>();
        for (String t : tools) if (!Exec.onPath(t)) missing.add(t);
        if (missing.isEmpty()) return;
        String msg = "not installed: " + String.join(", ", missing);
        if (ci()) Assertions.fail(msg + " (fleet.ci=true: CI must have every tool)");
        Assumptions.assumeTrue(false, msg);
    }
}
