package dev.fleet.kitty;

import dev.fleet.core.ExitCodes;
import dev.fleet.core.claude.Agent;
import dev.fleet.core.focus.FocusContext;
import dev.fleet.core.focus.FocusException;
import dev.fleet.core.layer.TextSender;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Types into the kitty window an agent runs in directly: remote control's {@code send-text}, the text as
 * JSON data (no shell, no kitty command line). kitty 0.26 has no bracketed-paste option for send-text,
 * so the text is wrapped in the bracketed-paste sequences here (Claude Code turns bracketed paste on):
 * its newlines do not submit. Enter is a carriage return of its own, a moment later.
 */
final class KittyInput implements TextSender {
    static final String PASTE_START = "\u001b[200~", PASTE_END = "\u001b[201~";
    /** Characters per send-text call: kitty's own client splits long text the same way. */
    private static final int CHUNK = 2048;

    @Override
    public boolean send(FocusContext ctx, Agent agent, String text, boolean submit) {
        KittyWindowLocation k = KittyScreen.direct(agent).orElse(null);
        if (k == null) return false;
        KittyClient kitty = KittyScreen.client(k);
        try {
            if (!text.isEmpty()) {
                String all = PASTE_START + text + PASTE_END;
                for (int i = 0; i < all.length(); ) {
                    int end = Math.min(all.length(), i + CHUNK);
                    if (end < all.length() && Character.isHighSurrogate(all.charAt(end - 1))) end--; // never split a pair
                    sendText(kitty, k, all.substring(i, end));
                    i = end;
                }
            }
            if (submit) {
                if (!text.isEmpty()) Thread.sleep(ENTER_DELAY_MS);
                sendText(kitty, k, "\r");
            }
            return true;
        } catch (KittyException e) {
            throw new FocusException(e.getMessage(), ExitCodes.FOCUS_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FocusException("interrupted while typing into kitty window " + k.windowId(), ExitCodes.ERROR);
        }
    }

    private static void sendText(KittyClient kitty, KittyWindowLocation k, String data) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("match", "id:" + k.windowId());
        p.put("data", "text:" + data);
        kitty.tell("send-text", p);
    }
}
