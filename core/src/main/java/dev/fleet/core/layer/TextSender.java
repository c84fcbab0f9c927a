package dev.fleet.core.layer;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;

/** Optional capability of a {@link Layer}: type text into an agent's input, as the user would. */
public interface TextSender {
    /**
     * Puts {@code text} into the agent's input as one paste (bracketed, so a multi-line text arrives whole
     * and its newlines do not submit), literally — never through a shell — then presses Enter when
     * {@code submit}. Returns false when this layer did not locate the agent (or, for an outer layer, the
     * agent is not what its window runs directly). Throws {@link dev.fleet.core.focus.FocusException}
     * when the layer located it but could not type.
     */
    boolean send(FocusContext ctx, Agent agent, String text, boolean submit);

    /**
     * How long to wait between the paste and Enter: an Enter in the same burst as the text can be taken
     * as part of the paste (a newline) by Claude Code, so Enter comes on its own.
     */
    long ENTER_DELAY_MS = 250;
}
