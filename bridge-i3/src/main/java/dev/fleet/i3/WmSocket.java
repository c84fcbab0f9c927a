package dev.fleet.i3;

import java.nio.file.Path;

/**
 * A window manager's IPC socket as discovered.
 *
 * @param kind   what the discovery already knows: SWAY when found as {@code $SWAYSOCK}; null when only
 *               {@code $I3SOCK} named it (sway sets that variable too), to be settled by GET_VERSION
 * @param source where it was found, for verbose notes ("env I3SOCK", "agent 1234 hint SWAYSOCK", …)
 */
public record WmSocket(Path path, WmKind kind, String source) {}
