package dev.fleet.kitty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code launch} opens: a window, tab or OS window running {@code args} (the default shell when
 * empty). Null fields are left out of the payload, so kitty uses its defaults.
 *
 * @param type     "window", "tab", "os-window" (kitty also knows overlay, background, …)
 * @param tabMatch the tab to open a window in, e.g. {@code id:2}; null: the active tab
 * @param location where in the tab, e.g. "vsplit" or "hsplit" (splits layout), "after"; null: default
 * @param env      NAME=VALUE entries added to the child's environment
 */
public record KittyLaunch(String type, List<String> args, String title, String cwd, String tabMatch, String location,
        List<String> env, boolean keepFocus) {

    public KittyLaunch {
        args = List.copyOf(args);
        env = List.copyOf(env);
    }

    public static KittyLaunch of(String type, List<String> args) {
        return new KittyLaunch(type, args, null, null, null, null, List.of(), false);
    }

    public KittyLaunch withTitle(String t) {
        return new KittyLaunch(type, args, t, cwd, tabMatch, location, env, keepFocus);
    }

    public KittyLaunch withCwd(String c) {
        return new KittyLaunch(type, args, title, c, tabMatch, location, env, keepFocus);
    }

    public KittyLaunch inTab(String match, String where) {
        return new KittyLaunch(type, args, title, cwd, match, where, env, keepFocus);
    }

    public KittyLaunch withEnv(List<String> e) {
        return new KittyLaunch(type, args, title, cwd, tabMatch, location, e, keepFocus);
    }

    public KittyLaunch keepingFocus() {
        return new KittyLaunch(type, args, title, cwd, tabMatch, location, env, true);
    }

    /** The payload fields of kitty's {@code launch} command (kitty/rc/launch.py). */
    Map<String, Object> payload() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("args", new ArrayList<>(args));
        p.put("type", type);
        if (title != null) p.put("window_title", title);
        if (cwd != null) p.put("cwd", cwd);
        if (tabMatch != null) p.put("match", tabMatch);
        if (location != null) p.put("location", location);
        if (!env.isEmpty()) p.put("env", new ArrayList<>(env));
        if (keepFocus) p.put("keep_focus", true);
        return p;
    }
}
