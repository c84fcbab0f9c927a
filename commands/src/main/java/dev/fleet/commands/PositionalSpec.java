package dev.fleet.commands;

/** The positional words of a command: their label, help text and how many ({@code max} -1: no limit). */
public record PositionalSpec(String label, String description, int min, int max) {
    /** picocli's arity notation: {@code 1..*}, {@code 0..1}. */
    public String arity() {
        return min + ".." + (max < 0 ? "*" : Integer.toString(max));
    }
}
