package dev.fleet.workspace;

/**
 * The tile titles' live state and age, kept up to date by tmux itself (no process of fleet's runs for
 * it). The daemon's marks set {@code @fleet_state} and {@code @fleet_since} (epoch seconds) on each
 * agent's pane, on the agent's own server; the tile's border is drawn by fleet's own server, which cannot
 * read another server's options. The bridge is the tile's viewer client: its linked session has
 * {@code set-titles} on, so the agent's server sends that client's terminal — the tile pane — a title
 * made of the agent pane's options, re-sent whenever an option changes. The tile's border format reads
 * that pane title and computes the age against the clock ({@code %s}: border formats go through
 * strftime) at every redraw of the border (each second: the aggregator's {@code status-interval}).
 *
 * <p>Without a live state (no daemon, or {@code mark.tmux = off}) the viewer's title is the static title
 * and the border shows the state of the moment the workspace opened, as before.
 */
final class TileTitle {
    private TileTitle() {}

    /** Linked-session option: the agent's pane id, the one pane of the window the title is about. */
    static final String PANE_OPTION = "@fleet_ws_pane";
    /** Linked-session option: the static title, sent while the agent's pane has no live state. */
    static final String STATIC_OPTION = "@fleet_ws_title";
    /** Aggregator pane option: the agent's name alone. */
    static final String NAME_OPTION = "@fleet_name";

    /**
     * The viewer's title, expanded by the agent's server: {@code fleet <state> <since>} for the agent's pane
     * of the linked session's window (a window may hold several agents), else the static title. No {@code %}
     * and no {@code :} in a pattern: the template goes through strftime, and {@code :} ends a modifier.
     */
    static final String VIEWER_TITLE = "#{P:#{?#{==:#{pane_id},#{" + PANE_OPTION + "}},"
            + "#{?@fleet_state,fleet #{@fleet_state} #{@fleet_since},#{" + STATIC_OPTION + "}},}}";

    private static final String LIVE = "^fleet [a-z]+ [0-9]+$";
    private static final String STATE = "#{s/^fleet ([a-z]+) .*$/\\1/:pane_title}";
    private static final String AGE_S = "#{e|-:%s,#{s/^.* //:pane_title}}";

    /** Seconds as the status line shows ages: 42s, 3m, 2h, 1d (a clock a second behind shows 0s). */
    private static String age() {
        String a = AGE_S;
        return "#{?#{e|<:" + a + ",1},0s,#{?#{e|<:" + a + ",60}," + a + "s,#{?#{e|<:" + a + ",3600},#{e|/:" + a + ",60}m,"
                + "#{?#{e|<:" + a + ",86400},#{e|/:" + a + ",3600}h,#{e|/:" + a + ",86400}d}}}}";
    }

    /** The aggregator window's {@code pane-border-format}: name · live state and age, else the static title. */
    static String borderFormat() {
        return " #{?pane_active,#[reverse],}#{?#{m/r:" + LIVE + ",#{pane_title}},#{" + NAME_OPTION + "} · " + STATE + " " + age()
                + ",#{@fleet_title}}#[default]#{?pane_dead, [agent gone],} ";
    }
}
