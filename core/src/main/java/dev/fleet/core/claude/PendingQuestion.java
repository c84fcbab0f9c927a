package dev.fleet.core.claude;

/**
 * A tool call at the end of a transcript that waits for the user and has no result yet.
 *
 * @param tool      {@code AskUserQuestion} or {@code ExitPlanMode}
 * @param toolUseId the call's id, answered by a {@code tool_result} with the same {@code tool_use_id}
 * @param at        epoch ms of the transcript entry (its {@code timestamp}), 0 when unknown
 */
public record PendingQuestion(String tool, String toolUseId, long at) {
    public static final String ASK = "AskUserQuestion";
    public static final String PLAN = "ExitPlanMode";

    /** The tools whose call means the agent waits for the user. */
    static boolean waitsForUser(String tool) {
        return ASK.equals(tool) || PLAN.equals(tool);
    }

    /** Whether a {@code waiting_for} is one this class gives (a waiting state the transcript may have made). */
    public static boolean isReason(String waitingFor) {
        return "question".equals(waitingFor) || "plan approval".equals(waitingFor);
    }

    /** Why the agent waits, as {@code waiting_for} shows it: "question" or "plan approval". */
    public String reason() {
        return PLAN.equals(tool) ? "plan approval" : "question";
    }
}
