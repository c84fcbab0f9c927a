package dev.fleet.daemon;

import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.doctor.Checkup;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.layer.Layer;
import dev.fleet.core.layer.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet doctor}'s line on the marks {@link MarkReactor} sets while an agent waits: which layers
 * it will mark (those offering one and not turned off with {@code mark.<layer> = off}), and what the
 * window manager's mark needs here — on i3 (an X11 session) the urgency is set with {@code xdotool}.
 */
public final class MarkCheckup implements Checkup {
    static final String NAME = "marks";

    private final Layers layers;

    public MarkCheckup() {
        this(null);
    }

    /** With these layers instead of those on the class path (tests). */
    MarkCheckup(Layers layers) {
        this.layers = layers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(Map<String, String> env, FleetConfig config) {
        List<Finding> out = new ArrayList<>();
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (Layer l : (layers != null ? layers : Layers.load()).innermostFirst()) {
            if (l.attention().isEmpty()) continue;
            boolean wanted = config.bool("mark." + l.id(), true, w -> out.add(Finding.warn(NAME, w, "fix the line in " + config.file())));
            (wanted ? on : off).add(l.id());
        }
        String offNote = off.isEmpty() ? "" : "; off in the settings file: " + String.join(", ", off);
        if (on.isEmpty()) {
            out.add(Finding.ok(NAME, "none: waiting agents are not marked" + offNote));
            return out;
        }
        out.add(Finding.ok(NAME, "a waiting agent is marked in " + String.join(", ", on) + offNote));
        // i3 has no urgency command: the X11 window's urgency hint is set with xdotool (sway needs none)
        boolean x11 = env.get("DISPLAY") != null && env.get("SWAYSOCK") == null && env.get("WAYLAND_DISPLAY") == null;
        if (on.contains("wm") && x11 && Exec.which("xdotool", env.get("PATH")) == null) {
            out.add(Finding.warn(NAME, "xdotool is not installed: on i3 a waiting agent's window is not marked urgent",
                    "sudo apt-get install xdotool, or set mark.wm = off in " + FleetConfig.path(env)));
        }
        return out;
    }
}
