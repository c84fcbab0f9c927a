package dev.fleet.notify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * Notifications over the session bus: one private connection for the daemon's life (the bus address
 * comes from the daemon's environment, not the JVM's), Notify / CloseNotification on the server, and
 * its ActionInvoked / NotificationClosed signals.
 */
final class DbusNotifier implements Notifier {
    static final String APP = "fleet";
    /** Action keys: "default" is what a click on the notification invokes, "show" a button labelled Show. */
    static final int CONNECT_TIMEOUT_MS = 1_000;
    static final List<String> SHOW_ACTIONS = List.of("default", "Show", "show", "Show");

    private final DBusConnection bus;
    private final FdoNotifications server;
    private final boolean actions;
    private final boolean markup;
    private volatile LongConsumer onShow = id -> { };
    private volatile LongConsumer onClosed = id -> { };

    private DbusNotifier(DBusConnection bus, FdoNotifications server, List<String> caps) {
        this.bus = bus;
        this.server = server;
        this.actions = caps.contains("actions");
        this.markup = caps.contains("body-markup");
    }

    /** Connects to the bus at {@code address} and asks the server what it can do; one-line errors. */
    static DbusNotifier connect(String address) throws NotifyException {
        DBusConnection bus;
        try {
            // dbus-java retries a failed connect every 500 ms for its transport timeout (10 s by default): a
            // stale address would hold fleet doctor and the daemon's start that long; one retry is enough
            bus = DBusConnectionBuilder.forAddress(address).withShared(false)
                    .transportConfig().withTimeout(CONNECT_TIMEOUT_MS).back().build();
        } catch (DBusException | RuntimeException e) {
            throw new NotifyException("cannot reach the session bus at " + address + ": " + oneLine(e), e);
        }
        try {
            FdoNotifications server = bus.getRemoteObject(FdoNotifications.BUS_NAME, FdoNotifications.PATH, FdoNotifications.class);
            // also proves a notification server is there: a bus without one fails here, not on the first wait
            List<String> caps = server.GetCapabilities();
            DbusNotifier n = new DbusNotifier(bus, server, caps);
            bus.addSigHandler(FdoNotifications.ActionInvoked.class, s -> {
                if (SHOW_ACTIONS.contains(s.getActionKey())) n.onShow.accept(s.getId().longValue());
            });
            bus.addSigHandler(FdoNotifications.NotificationClosed.class, s -> n.onClosed.accept(s.getId().longValue()));
            return n;
        } catch (DBusException | RuntimeException e) {
            closeQuietly(bus);
            throw new NotifyException("no notification server on the session bus " + address + ": " + oneLine(e), e);
        }
    }

    /**
     * For {@code fleet doctor}: connects as the daemon would, asks the server who it is and whether it
     * offers actions, and hangs up. {@code "server dunst 1.9.0, actions: yes"}; one-line errors.
     */
    static String describe(String address) throws NotifyException {
        DbusNotifier n = connect(address);
        try {
            FdoNotifications.ServerInformation i = n.server.GetServerInformation();
            return "server " + i.name + " " + i.version + ", actions: " + (n.actions ? "yes" : "no (no Show button)");
        } catch (RuntimeException e) {
            throw new NotifyException("the notification server on " + address + " does not say who it is: " + oneLine(e), e);
        } finally {
            n.close();
        }
    }

    @Override
    public boolean actions() {
        return actions;
    }

    @Override
    public long show(Note note) throws NotifyException {
        Map<String, Variant<?>> hints = new LinkedHashMap<>();
        hints.put("urgency", new Variant<>((byte) (note.sticky() ? 1 : 0)));
        hints.put("desktop-entry", new Variant<>(APP));
        List<String> acts = note.offerShow() && actions ? SHOW_ACTIONS : new ArrayList<>();
        try {
            // a waiting agent's notification stays until fleet closes it (0 = never expires)
            return server.Notify(APP, new UInt32(note.replaces()), "", note.summary(), markup ? escape(note.body()) : note.body(), acts, hints,
                    note.sticky() ? 0 : -1).longValue();
        } catch (DBusExecutionException e) {
            throw new NotifyException("Notify failed: " + oneLine(e), e);
        }
    }

    @Override
    public void close(long id) throws NotifyException {
        if (id <= 0) return;
        try {
            server.CloseNotification(new UInt32(id));
        } catch (DBusExecutionException e) {
            throw new NotifyException("CloseNotification " + id + " failed: " + oneLine(e), e);
        }
    }

    @Override
    public void onShow(LongConsumer action) {
        this.onShow = action;
    }

    @Override
    public void onClosed(LongConsumer closed) {
        this.onClosed = closed;
    }

    @Override
    public void close() {
        closeQuietly(bus);
    }

    private static void closeQuietly(DBusConnection bus) {
        try {
            bus.close();
        } catch (IOException | RuntimeException e) {
            // the bus went away first
        }
    }

    /** A server that reads markup in bodies would take a folder's or command's {@code <} and {@code &} for tags. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
