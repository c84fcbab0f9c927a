package dev.fleet.core.label;

import java.nio.file.Path;

/** Writes N labels one by one, printing "ack i" after each write returned (run in a JVM the test SIGKILLs). */
public final class LabelWriterMain {
    private LabelWriterMain() {}

    public static void main(String[] args) {
        LabelStore s = LabelStore.in(Path.of(args[0]), w -> System.out.println("warn " + w));
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            s.set("session-" + i, "label " + i);
            System.out.println("ack " + i);
            System.out.flush();
        }
    }
}
