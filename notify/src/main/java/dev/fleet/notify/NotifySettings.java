package dev.fleet.notify;

import dev.fleet.core.config.FleetConfig;
import java.util.function.Consumer;

/**
 * The {@code notify.*} keys of the settings file (docs/settings.md): which kinds are on, and the rate
 * limit — at most one new notification per agent per {@code perAgentSeconds}, and {@code perMinute}
 * in any minute overall (a fleet of fifty flapping agents must not flood the desktop).
 */
record NotifySettings(boolean waiting, boolean finished, int perAgentSeconds, int perMinute) {
    static final NotifySettings DEFAULTS = new NotifySettings(true, false, 10, 20);

    static NotifySettings of(FleetConfig c, Consumer<String> warn) {
        return new NotifySettings(c.bool("notify.waiting", DEFAULTS.waiting, warn), c.bool("notify.finished", DEFAULTS.finished, warn),
                count(c, "notify.rate.agent", DEFAULTS.perAgentSeconds, warn), count(c, "notify.rate.minute", DEFAULTS.perMinute, warn));
    }

    private static int count(FleetConfig c, String key, int dflt, Consumer<String> warn) {
        String v = c.string(key, null);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // falls through to the warning
        }
        warn.accept("fleet: " + c.file() + ": " + key + " = " + v + " is not a whole number >= 0; using " + dflt);
        return dflt;
    }
}
