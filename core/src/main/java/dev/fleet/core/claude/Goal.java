package dev.fleet.core.claude;

/** The optional {@code goals/<sessionId>.json} sidecar of the seed design; any field may be null. */
public record Goal(String goal, String phase, String role, String rename) {}
