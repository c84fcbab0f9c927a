package dev.fleet.web;

import dev.fleet.commands.Args;
import dev.fleet.commands.Command;
import dev.fleet.commands.Console;
import dev.fleet.commands.OptionSpec;
import dev.fleet.commands.Settings;
import dev.fleet.commands.Spec;
import dev.fleet.core.ExitCodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet web}: every agent live in a browser, with its screen. This entry is all of the command the
 * cli's class path holds: the server (Javalin on Jetty) is loaded by {@link ServerLoader} in a class loader of
 * its own only now, so no other command opens its jars.
 */
public final class WebCommand implements Command {
    private static final Spec SPEC = Spec.of("web", 38,
            List.of("Serve a live page of every agent, with its screen, to a browser.",
                    "Prints the page's URL, with a random token, as the first line on stdout, then serves until "
                            + "Ctrl-C. Only 127.0.0.1 unless --bind; every request needs the token either way.",
                    "The page lists every agent (waiting first), live from the daemon; select one to see its screen "
                            + "as tmux renders it, reply to it (send --verify) or put it in front on the desktop (switch)."),
            List.of(OptionSpec.value("N", "The port (default: a free one).", "--port"),
                    OptionSpec.value("ADDR", "The address to listen on (default 127.0.0.1).", "--bind"),
                    OptionSpec.flag("Open the page in the desktop's browser (xdg-open).", "--open")),
            List.of());

    /** The server's entry point, in the server jar. */
    static final String SERVER_MAIN = "dev.fleet.web.server.WebMain";

    @Override
    public Spec spec() {
        return SPEC;
    }

    @Override
    public int run(Args a, Settings s, Console c) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("port", a.value("--port", "0"));
        options.put("bind", a.value("--bind", "127.0.0.1"));
        options.put("open", Boolean.toString(a.flag("--open")));
        try {
            return ServerLoader.run(SERVER_MAIN, options, s.env(), c.out(), c.err());
        } catch (ServerLoader.MissingException e) {
            c.error(e.getMessage());
            return ExitCodes.ERROR;
        }
    }
}
