package dev.fleet.core.focus;

/** One action of a focus plan, in one layer: "i3: focus con 94 (workspace 2)". */
public interface FocusStep {
    String layer();

    /** What the step does, for {@code --dry-run} and {@code --verbose}. */
    String describe();

    /** Performs the step; throws {@link FocusException} saying what failed. */
    void run(FocusContext ctx);
}
