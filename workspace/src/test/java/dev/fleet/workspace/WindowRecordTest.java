package dev.fleet.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.core.json.Json;
import dev.fleet.core.terminal.OpenedWindow;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowRecordTest {
    @Test
    void openedWindowRoundTripsAsJson() {
        OpenedWindow w = new OpenedWindow("kitty", "T", List.of("kitty", "x"), List.of(12L), List.of(99L), "/tmp/i3", 7L, null, null);
        assertEquals(w, WindowRecord.fromJson(Json.parseObject(Json.write(WindowRecord.toJson(w)))));
    }

    /** A workspace opened by the first release (kitty remote control) reads back after an upgrade. */
    @Test
    void aWindowRecordedByTheFirstReleaseReadsBack() {
        String old = "{\"terminal\":\"kitty (remote control)\",\"title\":\"fleet workspace\",\"argv\":[\"kitty\"],"
                + "\"pids\":[],\"start_times\":[],\"wm_socket\":null,\"con_id\":null,"
                + "\"kitty_to\":\"unix:/tmp/kitty-1\",\"kitty_window\":5}";
        OpenedWindow w = WindowRecord.fromJson(Json.parseObject(old));
        assertEquals("unix:/tmp/kitty-1", w.controlTo());
        assertEquals(5L, w.controlWindow());
        assertEquals(Json.parseObject(old), Json.parseObject(Json.write(WindowRecord.toJson(w))));
    }
}
