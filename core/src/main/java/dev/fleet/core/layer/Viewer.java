package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import java.util.List;

/** Optional capability of a {@link Layer}: one view of several agents' screens at once. */
public interface Viewer {
    /** Opens (or refreshes) the view of those of {@code agents} this layer located; returns how many it shows. */
    int open(FocusContext ctx, List<Agent> agents);
}
