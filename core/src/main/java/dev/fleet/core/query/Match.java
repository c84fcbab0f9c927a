package dev.fleet.core.query;

import dev.fleet.core.claude.Agent;

/** One agent matching a query: how well, and on which field ("label", "cwd", "branch", …). */
public record Match(Agent agent, MatchKind kind, String field, String value) {}
