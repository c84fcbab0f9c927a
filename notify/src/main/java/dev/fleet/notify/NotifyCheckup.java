package dev.fleet.notify;

import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.doctor.Checkup;
import dev.fleet.core.doctor.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet doctor}'s line on desktop notifications: what the daemon's {@link NotifyReactor} would
 * find when it starts with this environment and settings file — the bus, the server and whether it
 * offers the "Show" action — or why there will be none and what to do. It connects the way the reactor
 * does ({@link DbusNotifier#connect}), so the two cannot disagree.
 */
public final class NotifyCheckup implements Checkup {
    static final String NAME = "notify";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(Map<String, String> env, FleetConfig config) {
        List<Finding> out = new ArrayList<>();
        NotifySettings s = NotifySettings.of(config, w -> out.add(Finding.warn(NAME, w, "fix the line in " + config.file())));
        if (!s.waiting() && !s.finished()) {
            out.add(Finding.ok(NAME, "off in the settings file " + FleetConfig.path(env) + " (notify.waiting = off)"));
            return out;
        }
        if (System.getProperty("os.name", "").startsWith("Mac")) {
            out.add(Finding.ok(NAME, "osascript (macOS): shown, but not replaced, closed or with a Show action"));
            return out;
        }
        String address = env.get("DBUS_SESSION_BUS_ADDRESS");
        if (address == null || address.isBlank()) {
            out.add(Finding.warn(NAME, "no session bus (DBUS_SESSION_BUS_ADDRESS unset): no desktop notifications",
                    "run fleet inside your desktop session (for a systemd unit: systemctl --user import-environment "
                            + "DBUS_SESSION_BUS_ADDRESS), or set notify.waiting = off in " + FleetConfig.path(env)));
            return out;
        }
        try {
            out.add(Finding.ok(NAME, "session bus at " + address + ", " + DbusNotifier.describe(address)));
        } catch (Notifier.NotifyException e) {
            out.add(Finding.warn(NAME, e.getMessage() + ": no desktop notifications",
                    "start a notification server (dunst, mako, your desktop's own), or set notify.waiting = off in "
                            + FleetConfig.path(env)));
        }
        return out;
    }
}
