package dev.fleet.core.query;

/** How well a query matched a field, best first (declaration order is rank order). */
public enum MatchKind {
    EXACT, PREFIX, WORD_PREFIX, SUBSTRING, SUBSEQUENCE
}
