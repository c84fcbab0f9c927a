package dev.fleet.core.doctor;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.locate.LocateContext;
import java.util.List;

/**
 * The bridge SPI for {@code fleet doctor}: what a layer can see and reach on this machine. Registered
 * in {@code META-INF/services/dev.fleet.core.doctor.Probe}; probes run in {@link #order()}.
 */
public interface Probe {
    String layer();

    int order();

    /** Checks the layer; never throws — a failure is a finding with a fix. */
    List<Finding> probe(LocateContext ctx, List<Agent> agents);
}
