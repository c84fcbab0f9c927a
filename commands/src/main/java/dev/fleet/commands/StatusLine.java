package dev.fleet.commands;

import dev.fleet.core.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fleet status} shows, from agents as {@code list} gives them (the daemon's, or a direct
 * scan's {@code ls --json} entries): the counts by state, the waiting agents longest first, and that one
 * summary rendered for each bar. Names come from outside (labels, Claude's session names, folders), so
 * each rendering escapes what its bar would read as markup: tmux {@code #}, Pango's {@code & < >},
 * polybar's {@code %{}.
 */
public final class StatusLine {
    public static final List<String> FORMATS = List.of("text", "json", "i3bar", "waybar", "polybar", "tmux");

    private final int waiting;
    private final int busy;
    private final int idle;
    private final int unknown;
    /** Each waiting agent's {@code name, session_id, pid, waiting_since, cwd} (and {@code host}: another host's), longest waiting first. */
    private final List<Map<String, Object>> agentsWaiting;

    private StatusLine(int waiting, int busy, int idle, int unknown, List<Map<String, Object>> agentsWaiting) {
        this.waiting = waiting;
        this.busy = busy;
        this.idle = idle;
        this.unknown = unknown;
        this.agentsWaiting = agentsWaiting;
    }

    public static StatusLine of(Iterable<? extends Map<String, Object>> agents) {
        int w = 0, b = 0, i = 0, u = 0;
        List<Map<String, Object>> waits = new ArrayList<>();
        for (Map<String, Object> a : agents) {
            String state = Json.str(a, "state");
            if ("waiting".equals(state)) {
                w++;
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("name", a.get("name"));
                e.put("session_id", a.get("session_id"));
                e.put("pid", a.get("pid"));
                // the daemon tracks waiting_since; a direct scan's agents may only have state_since
                Object since = a.get("waiting_since") != null ? a.get("waiting_since") : a.get("state_since");
                e.put("waiting_since", since);
                e.put("cwd", a.get("cwd"));
                // another host's agent (the daemon's list carries every host's): which machine it waits on
                if (a.get("host") instanceof String h && !h.equals(dev.fleet.core.util.Ids.shortHost())) e.put("host", h);
                waits.add(e);
            } else if ("busy".equals(state)) {
                b++;
            } else if ("idle".equals(state)) {
                i++;
            } else {
                u++;
            }
        }
        waits.sort(Comparator.comparingLong(e -> Json.lng(e, "waiting_since", Long.MAX_VALUE)));
        return new StatusLine(w, b, i, u, List.copyOf(waits));
    }

    /** The {@code --json} object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("waiting", waiting);
        m.put("busy", busy);
        m.put("idle", idle);
        m.put("unknown", unknown);
        m.put("agents_waiting", agentsWaiting);
        return m;
    }

    /** {@code waiting}, {@code busy} or {@code idle}: the most pressing state any agent is in (a bar's CSS class). */
    public String level() {
        return waiting > 0 ? "waiting" : busy > 0 ? "busy" : "idle";
    }

    private String counts() {
        return waiting + " waiting · " + busy + " busy · " + idle + " idle" + (unknown > 0 ? " · " + unknown + " unknown" : "");
    }

    private String longest(long now, java.util.function.UnaryOperator<String> escape) {
        if (agentsWaiting.isEmpty()) return "";
        Map<String, Object> first = agentsWaiting.get(0);
        String on = first.get("host") == null ? "" : " on " + first.get("host");
        return " — " + escape.apply(first.get("name") + on) + " waiting " + age(first, now);
    }

    private static String age(Map<String, Object> waitingAgent, long now) {
        long since = Json.lng(waitingAgent, "waiting_since", now);
        return Ages.format(now - since);
    }

    /** {@code 2 waiting · 5 busy · 1 idle — api waiting 3m}. */
    public String text(long now) {
        return counts() + longest(now, s -> s);
    }

    /** One update in {@code format} (one of {@link #FORMATS}), without its newline; i3bar's is one array of blocks. */
    public String render(String format, long now) {
        switch (format) {
            case "json":
                return Json.write(toJson());
            case "polybar":
                // polybar reads %{...} in a script's output as formatting tags; a name must not open one
                return counts() + longest(now, s -> s.replace("%{", "% {"));
            case "tmux":
                return tmux(now);
            case "waybar":
                return waybar(now);
            case "i3bar":
                return i3bar(now);
            default:
                return text(now);
        }
    }

    /** Styled for tmux's status line: the waiting count stands out; a {@code #} in a name is doubled (literal). */
    private String tmux(long now) {
        String rest = " · " + busy + " busy · " + idle + " idle" + (unknown > 0 ? " · " + unknown + " unknown" : "");
        String head = waiting > 0 ? "#[fg=black,bg=yellow,bold] " + waiting + " waiting #[default]" : waiting + " waiting";
        return head + rest + longest(now, s -> s.replace("#", "##"));
    }

    /** Waybar's custom module with {@code return-type: json}: text and tooltip are Pango markup, so escaped. */
    private String waybar(long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", pango(text(now)));
        StringBuilder tip = new StringBuilder();
        for (Map<String, Object> a : agentsWaiting) {
            if (tip.length() > 0) tip.append('\n');
            tip.append(a.get("name")).append(" waiting ").append(age(a, now)).append(" — ").append(a.get("cwd"));
        }
        m.put("tooltip", pango(tip.length() == 0 ? counts() : tip.toString()));
        m.put("class", level());
        m.put("alt", level());
        return Json.write(m);
    }

    private static String pango(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** One status line of the i3bar protocol: an array with one block, urgent while any agent waits. */
    private String i3bar(long now) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("name", "fleet");
        block.put("full_text", text(now));
        block.put("short_text", waiting > 0 ? waiting + " waiting" : busy + " busy");
        block.put("urgent", waiting > 0);
        block.put("markup", "none");
        return Json.write(List.of(block));
    }

    /** What i3bar reads before the first status line: the header, then the opening of the endless array. */
    public static String i3barPreamble() {
        return "{\"version\":1}\n[";
    }
}
