package dev.fleet.commands;

import dev.fleet.core.claude.Agent;
import java.util.List;

/** {@code fleet next}: {@link SwitchCommand} to the agent that has waited longest. */
public final class NextCommand implements Command {
    private static final Spec SPEC = Spec.of("next", 30,
            List.of("Put the agent that has waited longest for you in front.", "Exits 1 when no agent is waiting."),
            SwitchCommand.FOCUS_OPTIONS, List.of()).served("next", List.of(new LaneForm(LaneForm.ANY_ARGS, "next")));

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        return SwitchCommand.run(s, c, a, true);
    }

    @Override
    public int serve(Args a, Settings s, Console c, List<Agent> picture, boolean tty) {
        return SwitchCommand.runOnPicture(s, c, a, true, picture);
    }
}
