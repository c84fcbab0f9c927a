package dev.fleet.notify;

import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * macOS: {@code osascript -e 'display notification "…" with title "…"'}, run with an argv (no shell).
 * Notification Centre cannot replace, close or offer actions through AppleScript: each wait shows
 * once, and closing is a no-op.
 */
final class OsaScriptNotifier implements Notifier {
    /** The argv for one notification: the texts are AppleScript string literals, escaped. */
    static List<String> argv(String summary, String body) {
        return List.of("osascript", "-e", "display notification " + literal(body) + " with title " + literal(summary));
    }

    /** An AppleScript string literal: backslash and double quote escaped; newlines become spaces. */
    static String literal(String s) {
        String t = s.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ');
        return "\"" + t + "\"";
    }

    @Override
    public boolean actions() {
        return false;
    }

    @Override
    public long show(Note note) throws NotifyException {
        try {
            // not waited for: the daemon's reactor thread must not hang on a slow osascript
            new ProcessBuilder(argv(note.summary(), note.body())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return 0;
        } catch (IOException e) {
            throw new NotifyException("osascript: " + e.getMessage(), e);
        }
    }

    @Override
    public void close(long id) {
        // Notification Centre offers no way to withdraw a notification from AppleScript
    }

    @Override
    public void onShow(LongConsumer action) {
    }

    @Override
    public void onClosed(LongConsumer closed) {
    }

    @Override
    public void close() {
    }
}
