package dev.fleet.commands;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentOrder;
import dev.fleet.core.json.Json;
import dev.fleet.core.proc.ProcSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fleet pick [--with fzf|rofi|dmenu|wofi] [--json]}: choose an agent in an interactive picker
 * ({@link Picker}), then switch to it (Enter) or send it a line of text (fzf alt-enter or ctrl-s, rofi
 * Alt+Return), through the {@code switch} and {@code send} commands of the table. The daemon serves the
 * plan ({@code pick --json}: the picker's argv and its lines, from its picture); the picker always runs
 * here, on the caller's terminal or display, and the switch goes through the daemon too when one answers.
 */
public final class PickCommand implements Command {
    private static final Spec SPEC = Spec.of("pick", 35,
            List.of("Choose an agent in a picker; Enter switches to it.",
                    "The picker is the first installed of fzf, rofi, dmenu, wofi (or --with). In fzf the preview is "
                            + "'fleet peek' of the selected agent and alt-enter or ctrl-s asks for text to send; in rofi, "
                            + "Alt+Return."),
            List.of(OptionSpec.value("NAME", "The picker: fzf, rofi, dmenu or wofi.", "--with"),
                    OptionSpec.flag("Print the picker's command and its lines as JSON; run nothing.", "--json"),
                    LsCommand.TMUX_SOCKET, LsCommand.DEBUG),
            List.of())
            // no lane form: a lane answers with what the daemon printed, and only the plan can be served
            .served("pick", List.of());

    @Override
    public Spec spec() {
        return SPEC;
    }

    /**
     * The picker is chosen here (it must run on this terminal or display), the plan comes from the daemon
     * when one answers, else from a scan here; then the picker runs here unless --json.
     */
    @Override
    public int run(Args a, Settings s, Console c) {
        Chosen chosen = picker(a, s, c, hasTerminal());
        if (chosen.picker() == null) return chosen.exit();
        Picker picker = chosen.picker();
        List<String> fwd = new ArrayList<>(List.of("--with", picker.program));
        fwd.addAll(ServedPlan.args(a, List.of("--debug"), List.of("--tmux-socket")));
        Optional<ServedPlan.Reply> served = ServedPlan.plan(s, "pick", fwd);
        Map<String, Object> plan;
        if (served.isPresent()) {
            ServedPlan.Reply r = served.get();
            if (a.flag("--json") || r.exit() != ExitCodes.OK) return r.relay(c);
            try {
                plan = r.json();
            } catch (RuntimeException e) {
                return ServedPlan.unreadable(c, "pick", e);
            }
        } else {
            plan = plan(picker, ListCommand.scanner(s, c, a.values("--tmux-socket")).run(false).agents(), s);
            if (a.flag("--json")) {
                c.out().println(Json.writePretty(plan));
                return ExitCodes.OK;
            }
        }
        try {
            return pick(a, s, c, picker, plan);
        } catch (ClassCastException | NullPointerException e) {
            return ServedPlan.unreadable(c, "pick", e);
        }
    }

    /** The daemon's path: the plan from its picture, for the caller's picker (--with, which the caller sends). */
    @Override
    public int serve(Args a, Settings s, Console c, List<Agent> picture, boolean tty) {
        // the daemon has no terminal: without --with, whether the caller's stdout is one stands for it
        Chosen chosen = picker(a, s, c, tty);
        if (chosen.picker() == null) return chosen.exit();
        ProcSnapshot proc = ProcSnapshot.read(s.procRoot());
        List<Agent> live = new ArrayList<>();
        for (Agent x : picture) if (proc.get(x.pid()).isPresent()) live.add(x);
        c.out().println(Json.writePretty(plan(chosen.picker(), live, s)));
        return ExitCodes.OK;
    }

    /** A picker, or the exit code of the error already printed (null picker). */
    private record Chosen(Picker picker, int exit) {}

    /** --with, or the first installed; from a process with no terminal, only the windowed pickers. */
    private static Chosen picker(Args a, Settings s, Console c, boolean terminal) {
        String with = a.value("--with", null);
        List<Picker> wanted = List.of(Picker.values());
        if (with != null) {
            Optional<Picker> p = Picker.named(with);
            if (p.isEmpty()) {
                c.error("unknown picker '" + with + "': choose one of " + String.join(", ", Picker.names()));
                return new Chosen(null, ExitCodes.USAGE);
            }
            wanted = List.of(p.get());
        } else if (!terminal) {
            // from a hotkey there is no terminal for fzf to draw on: the windowed pickers only
            wanted = List.of(Picker.ROFI, Picker.DMENU, Picker.WOFI);
        }
        Optional<Picker> picker = Picker.installed(s.env().get("PATH"), wanted);
        if (picker.isEmpty()) {
            c.error(with != null ? with + " is not installed (not on PATH)"
                    : "no picker installed: install one of " + String.join(", ", Picker.names()));
            return new Chosen(null, ExitCodes.ERROR);
        }
        return new Chosen(picker.get(), ExitCodes.OK);
    }

    /**
     * The plan, what {@code --json} prints: the picker, its argv, its input lines, and the agents (pid, name,
     * line: what the caller needs to read the picker's answer), in listing order.
     */
    static Map<String, Object> plan(Picker picker, List<Agent> found, Settings s) {
        List<Agent> agents = new ArrayList<>(found);
        agents.sort(AgentOrder.LISTING); // the scan's order; the daemon's picture need not keep it
        List<String> pids = new ArrayList<>();
        for (Agent x : agents) pids.add(Integer.toString(x.pid()));
        List<String> display = lines(agents);
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", agents.get(i).pid());
            m.put("name", agents.get(i).displayName());
            m.put("line", display.get(i));
            list.add(m);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("picker", picker.program);
        j.put("argv", picker.argv(fleet(s)));
        j.put("input", picker.input(pids, display).lines().toList());
        j.put("agents", list);
        return j;
    }

    /** Runs the plan's picker here, then switches to or sends to the chosen agent. */
    private static int pick(Args a, Settings s, Console c, Picker picker, Map<String, Object> plan) {
        List<String> pids = new ArrayList<>(), display = new ArrayList<>(), names = new ArrayList<>();
        for (Object o : Json.arr(plan, "agents")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            pids.add(Long.toString(((Number) m.get("pid")).longValue()));
            names.add((String) m.get("name"));
            display.add((String) m.get("line"));
        }
        List<String> argv = new ArrayList<>();
        for (Object o : Json.arr(plan, "argv")) argv.add((String) o);
        if (pids.isEmpty()) {
            c.error("no live agents to pick from");
            return ExitCodes.NO_MATCH;
        }
        Optional<Picker.Choice> choice = runPicker(c, argv, picker.input(pids, display))
                .flatMap(r -> picker.parse(r.exit, r.out, pids, display));
        if (choice.isEmpty()) return ExitCodes.NO_MATCH; // cancelled: as a query that matched nothing, silently
        String query = pids.get(choice.get().index());
        if (!choice.get().send()) return switchTo(a, s, c, query);
        String name = names.get(choice.get().index());
        Optional<String> text = askText(c, picker, name);
        if (text.isEmpty() || text.get().isEmpty()) {
            c.error("nothing sent to " + name);
            return ExitCodes.NO_MATCH;
        }
        return send(s, c, query, text.get());
    }

    /** switch to the pid: through the daemon when one answers (one tmux call), else directly. */
    private static int switchTo(Args a, Settings s, Console c, String pid) {
        List<String> args = new ArrayList<>();
        for (String x : a.values("--tmux-socket")) args.addAll(List.of("--tmux-socket", x));
        args.add(pid);
        Optional<ServedPlan.Reply> served = ServedPlan.ask(s, "switch", args);
        if (served.isPresent()) return served.get().relay(c);
        return SwitchCommand.run(s, c, withQuery(a, List.of(pid)), false);
    }

    /** One line per agent: name, state and age, where, pid (the pid keeps lines distinct for dmenu and wofi). */
    static List<String> lines(List<Agent> agents) {
        long now = System.currentTimeMillis();
        List<String[]> rows = new ArrayList<>();
        int[] w = new int[3];
        for (Agent x : agents) {
            String[] r = AgentTable.row(x, now, "");
            String[] cells = {r[0], r[1], AgentTable.where(x)};
            for (int i = 0; i < 3; i++) w[i] = Math.max(w[i], cells[i].length());
            rows.add(cells);
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            out.add(String.format("%-" + w[0] + "s  %-" + w[1] + "s  %-" + w[2] + "s  pid %d", r[0], r[1], r[2],
                    agents.get(k).pid()));
        }
        return out;
    }

    private record Ran(int exit, String out) {}

    /** Runs the picker: our lines on its stdin, its answer on its stdout; it talks to the user on /dev/tty or its window. */
    private static Optional<Ran> runPicker(Console c, List<String> argv, String input) {
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the picker quit before reading everything (the user pressed Esc at once)
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return Optional.of(new Ran(p.waitFor(), out));
        } catch (IOException e) {
            c.error("cannot start " + argv.get(0) + ": " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The text to send: asked on the terminal for fzf, in the picker's own window for the others. */
    private static Optional<String> askText(Console c, Picker picker, String name) {
        List<String> prompt = picker.promptArgv(name);
        if (!prompt.isEmpty()) return runPicker(c, prompt, "").map(r -> r.exit == 0 ? r.out.strip() : "");
        Path tty = Path.of("/dev/tty");
        if (!Files.isReadable(tty)) return Optional.empty();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(tty), StandardCharsets.UTF_8));
                PrintStream w = new PrintStream(Files.newOutputStream(tty), true, StandardCharsets.UTF_8)) {
            w.print("send to " + name + ": ");
            w.flush();
            return Optional.ofNullable(r.readLine());
        } catch (IOException e) {
            c.error("cannot read the text from the terminal: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Runs the table's {@code send} command in this JVM, the text one argument (never a shell word). */
    private static int send(Settings s, Console c, String query, String text) {
        Command send = CommandTable.find("send");
        if (send == null) {
            c.error("this fleet has no send command");
            return ExitCodes.ERROR;
        }
        Args parsed = ArgParser.parse(send.spec(), new String[] {query, text}, 0);
        if (parsed == null) {
            // text that looks like an option: positionals as they are
            parsed = new Args(Map.of(), List.of(query, text));
        }
        return send.run(parsed, s, c);
    }

    /** True when this process has a controlling terminal (opening /dev/tty fails without one). */
    private static boolean hasTerminal() {
        try (var in = Files.newInputStream(Path.of("/dev/tty"))) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** pick's own options (--tmux-socket, --debug) with {@code words} as the query, for switch. */
    private static Args withQuery(Args a, List<String> words) {
        Map<String, List<String>> o = new LinkedHashMap<>();
        if (!a.values("--tmux-socket").isEmpty()) o.put("--tmux-socket", a.values("--tmux-socket"));
        return new Args(o, words);
    }

    /** The fleet executable the preview runs: FLEET_BIN (the launcher sets it), else fleet on PATH. */
    private static Path fleet(Settings s) {
        String bin = s.env().get("FLEET_BIN");
        if (bin != null && !bin.isEmpty()) return Path.of(bin);
        return Path.of("fleet");
    }
}
