package dev.fleet.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/** A notification server in memory, for the reactor's rules (which notification, when); the real one is dunst in the ITs. */
final class FakeNotifier implements Notifier {
    final Map<Long, Note> open = new LinkedHashMap<>();
    final List<Note> shown = new ArrayList<>();
    private long next = 1;
    boolean closed;

    @Override
    public boolean actions() {
        return true;
    }

    @Override
    public long show(Note note) {
        shown.add(note);
        long id = note.replaces() != 0 && open.containsKey(note.replaces()) ? note.replaces() : next++;
        open.put(id, note);
        return id;
    }

    @Override
    public void close(long id) {
        open.remove(id);
    }

    @Override
    public void onShow(LongConsumer action) {
    }

    @Override
    public void onClosed(LongConsumer c) {
    }

    @Override
    public void close() {
        closed = true;
    }
}
