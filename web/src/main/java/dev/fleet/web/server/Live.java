package dev.fleet.web.server;

import io.javalin.websocket.WsContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages' live channels: the agent list goes to all of them on each change of the picture. Sends to one
 * channel are serialised (the feed's thread and the screens' thread both send; Jetty allows one write at a
 * time per session). A channel whose send fails is closed: its page reconnects.
 */
final class Live {
    private final Set<WsContext> pages = ConcurrentHashMap.newKeySet();

    void opened(WsContext ctx) {
        pages.add(ctx);
    }

    void closed(WsContext ctx) {
        pages.remove(ctx);
    }

    int size() {
        return pages.size();
    }

    void broadcast(String message) {
        for (WsContext c : pages) send(c, message);
    }

    static void send(WsContext ctx, String message) {
        synchronized (ctx.session) { // one Jetty session behind every WsContext of a channel
            try {
                if (ctx.session.isOpen()) ctx.send(message);
            } catch (RuntimeException e) {
                ctx.closeSession();
            }
        }
    }
}
