package dev.fleet.notify;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The freedesktop Desktop Notifications interface (specification 1.2), as much of it as fleet uses.
 * dbus-java maps these methods and signals to the wire by name and signature; the names are the spec's.
 */
@DBusInterfaceName("org.freedesktop.Notifications")
public interface FdoNotifications extends DBusInterface {
    String BUS_NAME = "org.freedesktop.Notifications";
    String PATH = "/org/freedesktop/Notifications";

    UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body, List<String> actions,
            Map<String, Variant<?>> hints, int expireTimeout);

    void CloseNotification(UInt32 id);

    List<String> GetCapabilities();

    /** The server's name, vendor, version and the spec version it follows (fleet doctor shows them). */
    ServerInformation GetServerInformation();

    /** GetServerInformation's four out arguments; dbus-java fills the fields in {@link Position} order. */
    final class ServerInformation extends Tuple {
        @Position(0)
        public final String name;
        @Position(1)
        public final String vendor;
        @Position(2)
        public final String version;
        @Position(3)
        public final String specVersion;

        public ServerInformation(String name, String vendor, String version, String specVersion) {
            this.name = name;
            this.vendor = vendor;
            this.version = version;
            this.specVersion = specVersion;
        }
    }

    /** The user chose an action of notification {@code id}. */
    class ActionInvoked extends DBusSignal {
        private final UInt32 id;
        private final String actionKey;

        public ActionInvoked(String path, UInt32 id, String actionKey) throws DBusException {
            super(path, id, actionKey);
            this.id = id;
            this.actionKey = actionKey;
        }

        public UInt32 getId() {
            return id;
        }

        public String getActionKey() {
            return actionKey;
        }
    }

    /** Notification {@code id} is gone: 1 expired, 2 dismissed by the user, 3 closed by CloseNotification. */
    class NotificationClosed extends DBusSignal {
        private final UInt32 id;
        private final UInt32 reason;

        public NotificationClosed(String path, UInt32 id, UInt32 reason) throws DBusException {
            super(path, id, reason);
            this.id = id;
            this.reason = reason;
        }

        public UInt32 getId() {
            return id;
        }

        public UInt32 getReason() {
            return reason;
        }
    }
}
