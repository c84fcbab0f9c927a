package dev.fleet.commands;

/**
 * A form of a command the daemon answers without a JVM on the caller's side (the launcher's FIFO lane)
 * or with the light JVM client: {@code argv} is the exact argument string after the command's name
 * ({@code ""} for the bare command, {@code "--json"}), or {@link #ANY_ARGS} for every plainly parsed
 * form, whose arguments travel as {@code "args"}; {@code op} is the daemon op that answers it.
 */
public record LaneForm(String argv, String op) {
    public static final String ANY_ARGS = "*";

    public boolean forwardsArgs() {
        return argv.equals(ANY_ARGS);
    }
}
