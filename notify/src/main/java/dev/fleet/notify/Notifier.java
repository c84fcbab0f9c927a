package dev.fleet.notify;

import java.util.function.LongConsumer;

/**
 * Where notifications go: the freedesktop notification server on the session bus, or macOS's
 * Notification Centre. Ids are the server's; 0 means "none" (a server that cannot replace or close).
 */
interface Notifier extends AutoCloseable {
    /** One notification to show; {@code replaces} is the id of the one it replaces, or 0. */
    record Note(long replaces, String summary, String body, boolean offerShow, boolean sticky) {}

    /** Whether the server can offer a "Show" button (freedesktop capability {@code actions}). */
    boolean actions();

    /** Shows (or replaces) a notification; returns its id, 0 when the server gives none. */
    long show(Note note) throws NotifyException;

    /** Closes a notification this notifier showed; an id the server already forgot is not an error. */
    void close(long id) throws NotifyException;

    /** Called with a notification's id when the user chose its "Show" action. */
    void onShow(LongConsumer action);

    /** Called with a notification's id when the server closed it (expired, dismissed, or closed by us). */
    void onClosed(LongConsumer closed);

    @Override
    void close();

    /** The server could not be reached or refused; the message is one line. */
    final class NotifyException extends Exception {
        private static final long serialVersionUID = 1L;

        NotifyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
