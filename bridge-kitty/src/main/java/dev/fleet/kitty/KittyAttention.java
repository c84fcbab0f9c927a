package dev.fleet.kitty;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.claude.AgentState;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.layer.Attention;
import dev.fleet.core.json.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Marks the kitty tab of a waiting agent with a title prefix ({@value #PREFIX}), through remote
 * control's {@code set-tab-title}, and takes it back exactly. A title rather than a tab colour: kitty's
 * {@code ls} reports tab titles but not tab colours, so the user (and a test) can read the mark back.
 *
 * <p>A tab's title is either its own (set by the user) or, by default, its active window's title
 * followed live. Setting a prefix fixes the title while the agent waits; the original is restored
 * afterwards: the user's own title, or an empty one, which makes kitty follow the window's title again.
 * A tab whose title was changed by someone else in between is left as it is.
 */
final class KittyAttention implements Attention {
    static final String PREFIX = "\u23f3 ";

    /** A tab of one kitty instance. */
    record Tab(String listenOn, long tabId) {}

    /**
     * What was there before the mark: the user's own title, or null when the tab followed its window;
     * {@code marked} is the title set, null when marking failed (not retried while the tab stays wanted:
     * the daemon shows the picture every second, a kitty without remote control would be asked each time).
     */
    record Saved(String ownTitle, String marked) {}

    private final Duration timeout;
    private final Map<Tab, Saved> marked = new HashMap<>();

    KittyAttention(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public synchronized void show(FocusContext ctx, List<Agent> agents) {
        Set<Tab> want = new LinkedHashSet<>();
        for (Agent a : agents) {
            if (a.state() != AgentState.WAITING) continue;
            KittyWindowLocation k = a.location(KittyWindowLocation.class).orElse(null);
            if (k != null && k.remote() && k.listenOn() != null && k.tabId() != null) want.add(new Tab(k.listenOn(), k.tabId()));
        }
        for (Tab t : Set.copyOf(marked.keySet())) {
            if (!want.contains(t)) unmark(ctx, t, marked.remove(t));
        }
        for (Tab t : want) {
            if (!marked.containsKey(t)) marked.put(t, mark(ctx, t).orElse(new Saved(null, null)));
        }
    }

    @Override
    public synchronized List<Map<String, Object>> ledger() {
        List<Map<String, Object>> l = new java.util.ArrayList<>();
        marked.forEach((t, s) -> {
            if (s.marked() == null) return; // nothing was set
            Map<String, Object> e = new java.util.LinkedHashMap<>();
            e.put("listen_on", t.listenOn());
            e.put("tab", t.tabId());
            e.put("own_title", s.ownTitle()); // null: the tab followed its window's title
            e.put("marked", s.marked());
            l.add(e);
        });
        return l;
    }

    @Override
    public synchronized void adopt(List<Map<String, Object>> ledger) {
        for (Map<String, Object> e : ledger) {
            String listenOn = Json.str(e, "listen_on");
            long tab = Json.lng(e, "tab", -1);
            String shown = Json.str(e, "marked");
            if (listenOn == null || tab < 0 || shown == null) continue;
            marked.put(new Tab(listenOn, tab), new Saved(Json.str(e, "own_title"), shown));
        }
    }

    private Optional<Saved> mark(FocusContext ctx, Tab t) {
        try {
            KittyClient kitty = new KittyClient(KittyAddress.parse(t.listenOn()), timeout);
            KittyTab tab = find(kitty, t.tabId()).orElse(null);
            if (tab == null) return Optional.empty();
            String title = tab.title() == null ? "" : tab.title();
            // a mark left by a daemon that was killed: take it as ours rather than prefix it twice
            if (title.startsWith(PREFIX)) title = title.substring(PREFIX.length());
            String own = title.equals(activeWindowTitle(tab)) ? null : title;
            String shown = PREFIX + title;
            setTitle(kitty, t, shown);
            return Optional.of(new Saved(own, shown));
        } catch (KittyException e) {
            ctx.verbose().accept("kitty mark on tab " + t.tabId() + " (" + t.listenOn() + "): " + e.getMessage());
            return Optional.empty();
        }
    }

    private void unmark(FocusContext ctx, Tab t, Saved s) {
        if (s.marked() == null) return;
        try {
            KittyClient kitty = new KittyClient(KittyAddress.parse(t.listenOn()), timeout);
            KittyTab tab = find(kitty, t.tabId()).orElse(null);
            if (tab == null || !s.marked().equals(tab.title())) return; // closed, or retitled by someone else
            setTitle(kitty, t, s.ownTitle() == null ? "" : s.ownTitle());
        } catch (KittyException e) {
            ctx.verbose().accept("kitty unmark of tab " + t.tabId() + " (" + t.listenOn() + "): " + e.getMessage());
        }
    }

    private static Optional<KittyTab> find(KittyClient kitty, long tabId) {
        for (KittyOsWindow os : kitty.ls()) {
            for (KittyTab tab : os.tabs()) if (tab.id() == tabId) return Optional.of(tab);
        }
        return Optional.empty();
    }

    private static String activeWindowTitle(KittyTab tab) {
        for (KittyWindow w : tab.windows()) if (w.active()) return w.title();
        return tab.windows().isEmpty() ? null : tab.windows().get(0).title();
    }

    /** {@code set-tab-title}; an empty title makes the tab follow its active window's title again. */
    private static void setTitle(KittyClient kitty, Tab t, String title) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("title", title);
        p.put("match", "id:" + t.tabId());
        kitty.call("set-tab-title", p);
    }
}
