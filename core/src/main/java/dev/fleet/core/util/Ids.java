package dev.fleet.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user fleet runs as, read from /proc/self (no JNI, no extra module). */
public final class Ids {
    private static int uid = -1;

    private Ids() {}

    public static synchronized int uid() {
        if (uid < 0) {
            try {
                uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | UnsupportedOperationException e) {
                uid = 0;
            }
        }
        return uid;
    }

    public static String user() {
        String u = System.getProperty("user.name");
        return u == null ? Integer.toString(uid()) : u;
    }

    /** The short host name (up to the first dot), as {@code hostname -s} prints it. */
    public static String shortHost() {
        String h = null;
        try {
            h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            h = System.getenv("HOSTNAME");
        }
        if (h == null || h.isEmpty()) h = "localhost";
        int dot = h.indexOf('.');
        return dot > 0 ? h.substring(0, dot) : h;
    }
}
