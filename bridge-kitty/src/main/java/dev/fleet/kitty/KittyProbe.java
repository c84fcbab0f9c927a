package dev.fleet.kitty;

import dev.fleet.core.claude.Agent;
import dev.fleet.core.doctor.Finding;
import dev.fleet.core.exec.Exec;
import dev.fleet.core.locate.LocateContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code fleet doctor}'s kitty layer: every kitty address fleet can see (its own KITTY_LISTEN_ON and the
 * agents', tmux clients' included) and whether remote control answers on it.
 */
final class KittyProbe {
    private static final String ENABLE = "in kitty.conf: " + KittyFocuser.ENABLE_REMOTE_CONTROL;

    List<Finding> probe(LocateContext ctx, List<Agent> agents) {
        List<Finding> out = new ArrayList<>();
        Set<String> addresses = new LinkedHashSet<>();
        if (ctx.env("KITTY_LISTEN_ON") != null) addresses.add(ctx.env("KITTY_LISTEN_ON"));
        boolean kittyWithoutSocket = ctx.env("KITTY_PID") != null && ctx.env("KITTY_LISTEN_ON") == null;
        for (Agent a : agents) {
            String l = a.hints().get("KITTY_LISTEN_ON");
            if (l != null && !l.isEmpty()) addresses.add(l);
            else if (a.hints().get("KITTY_PID") != null) kittyWithoutSocket = true;
        }
        if (addresses.isEmpty()) {
            if (kittyWithoutSocket) {
                out.add(Finding.warn("kitty", "a kitty runs without a remote-control socket: fleet can raise its OS window but not pick its tab or window", ENABLE));
            } else {
                out.add(Finding.ok("kitty", Exec.onPath("kitty") ? "no kitty socket in sight (no agent runs in a kitty with listen_on)"
                        : "kitty is not installed (nothing to do unless you use it)"));
            }
            return out;
        }
        for (String addr : addresses) {
            try {
                KittyClient c = new KittyClient(KittyAddress.parse(addr), Duration.ofSeconds(2));
                int windows = 0;
                for (KittyOsWindow ow : c.ls()) for (KittyTab t : ow.tabs()) windows += t.windows().size();
                out.add(Finding.ok("kitty", "remote control answers at " + addr + " (" + windows + " windows)"));
            } catch (KittyException e) {
                out.add(Finding.warn("kitty", addr + ": " + e.getMessage(), ENABLE));
            } catch (RuntimeException e) {
                out.add(Finding.warn("kitty", addr + ": " + e.getMessage(), "check the address in KITTY_LISTEN_ON"));
            }
        }
        return out;
    }
}
