package dev.fleet.commands;

import dev.fleet.core.exec.Exec;
import dev.fleet.core.exec.Shell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The interactive pickers {@code fleet pick} drives, first installed wins: fzf (in the terminal, with
 * {@code fleet peek} as its preview), rofi, dmenu, wofi (their own windows). Each gets one line per agent
 * and answers with the chosen line's index and whether the user asked to switch or to send.
 */
enum Picker {
    FZF("fzf"), ROFI("rofi"), DMENU("dmenu"), WOFI("wofi");

    /** What the user chose: the agent's index in the list, and send (true) or switch. */
    record Choice(int index, boolean send) {}

    /** fzf's keys that send instead of switching. */
    static final String SEND_KEYS = "alt-enter,ctrl-s";

    final String program;

    Picker(String program) {
        this.program = program;
    }

    static List<String> names() {
        List<String> l = new ArrayList<>();
        for (Picker p : values()) l.add(p.program);
        return l;
    }

    static Optional<Picker> named(String name) {
        for (Picker p : values()) if (p.program.equals(name)) return Optional.of(p);
        return Optional.empty();
    }

    /** The first of {@code wanted} (or of all, in order) found on PATH. */
    static Optional<Picker> installed(String path, List<Picker> wanted) {
        for (Picker p : wanted) if (path == null ? Exec.onPath(p.program) : Exec.which(p.program, path) != null) return Optional.of(p);
        return Optional.empty();
    }

    /**
     * The picker's argv. Lines are {@code pid<TAB>display}; fzf hides the pid column and hands it to the
     * preview ({@code {1}}, which fzf quotes itself); the others show the display and answer by index.
     */
    List<String> argv(Path fleet) {
        String peek = Shell.quote(fleet.toString()) + " peek {1}";
        return switch (this) {
            case FZF -> List.of("fzf", "--delimiter=\t", "--with-nth=2..", "--no-sort", "--layout=reverse",
                    "--prompt=agent> ", "--header=Enter: switch · alt-enter / ctrl-s: send text",
                    "--preview=" + peek, "--preview-window=down,60%", "--expect=" + SEND_KEYS);
            case ROFI -> List.of("rofi", "-dmenu", "-i", "-p", "agent", "-format", "i", "-kb-custom-1", "Alt+Return",
                    "-mesg", "Enter: switch · Alt+Return: send text");
            case DMENU -> List.of("dmenu", "-i", "-l", "20", "-p", "agent");
            case WOFI -> List.of("wofi", "--dmenu", "-i", "-p", "agent");
        };
    }

    /** What the picker is given: fzf the pid column too. */
    String input(List<String> pids, List<String> display) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < display.size(); i++) {
            if (this == FZF) b.append(pids.get(i)).append('\t');
            b.append(display.get(i)).append('\n');
        }
        return b.toString();
    }

    /** The user's choice from the picker's exit code and output; empty when they cancelled. */
    Optional<Choice> parse(int exit, String out, List<String> pids, List<String> display) {
        List<String> lines = out.lines().toList();
        switch (this) {
            case FZF -> {
                // --expect: the key on the first line (empty for Enter), then the chosen line
                if (exit != 0 || lines.size() < 2) return Optional.empty();
                String pid = lines.get(1).split("\t", 2)[0];
                int i = pids.indexOf(pid);
                return i < 0 ? Optional.empty() : Optional.of(new Choice(i, !lines.get(0).isEmpty()));
            }
            case ROFI -> {
                // -format i: the index; exit 10 is -kb-custom-1
                if ((exit != 0 && exit != 10) || lines.isEmpty()) return Optional.empty();
                try {
                    int i = Integer.parseInt(lines.get(0).strip());
                    return i < 0 || i >= display.size() ? Optional.empty() : Optional.of(new Choice(i, exit == 10));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            default -> {
                if (exit != 0 || lines.isEmpty()) return Optional.empty();
                int i = display.indexOf(lines.get(0));
                return i < 0 ? Optional.empty() : Optional.of(new Choice(i, false));
            }
        }
    }

    /** The argv that asks for the text to send, for the pickers that have their own window. */
    List<String> promptArgv(String name) {
        return switch (this) {
            case FZF -> List.of();
            case ROFI -> List.of("rofi", "-dmenu", "-p", "send to " + name);
            case DMENU -> List.of("dmenu", "-p", "send to " + name);
            case WOFI -> List.of("wofi", "--dmenu", "-p", "send to " + name);
        };
    }
}
