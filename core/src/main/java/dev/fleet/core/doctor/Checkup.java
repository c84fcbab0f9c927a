package dev.fleet.core.doctor;

import dev.fleet.core.config.FleetConfig;
import dev.fleet.core.util.Services;
import java.util.List;
import java.util.Map;

/**
 * What a part outside the layers can do here, for {@code fleet doctor}: the daemon's reactors
 * (notifications, marks) live in modules {@code commands} must not import, so each offers a checkup
 * registered in {@code META-INF/services/dev.fleet.core.doctor.Checkup} and doctor lists them after the layers.
 */
public interface Checkup {
    /** Its name, for ordering and logs ({@code notify}, {@code marks}). */
    String name();

    /**
     * One finding per thing it needs, with a fix when it cannot work; must not throw for a failure of the
     * outside world and must answer within a few seconds.
     */
    List<Finding> check(Map<String, String> env, FleetConfig config);

    /** Every checkup on the class path. */
    static List<Checkup> load() {
        return Services.load(Checkup.class);
    }
}
