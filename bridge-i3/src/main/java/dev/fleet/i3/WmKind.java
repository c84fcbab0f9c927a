package dev.fleet.i3;

import dev.fleet.core.json.Json;
import java.util.Locale;
import java.util.Map;

/** Which window manager answers on a socket; both speak i3's IPC. */
public enum WmKind {
    I3,
    SWAY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From a GET_VERSION reply: sway adds {@code variant: "sway"}; older sways mention it in human_readable. */
    public static WmKind fromVersion(Map<String, Object> version) {
        String variant = Json.str(version, "variant");
        if (variant != null) return variant.toLowerCase(Locale.ROOT).contains("sway") ? SWAY : I3;
        String human = Json.str(version, "human_readable");
        return human != null && human.toLowerCase(Locale.ROOT).contains("sway") ? SWAY : I3;
    }
}
