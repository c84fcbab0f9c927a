package dev.fleet.kitty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.layer.Layers;
import org.junit.jupiter.api.Test;

/** core finds the kitty layer only through ServiceLoader: the registration must be there. */
class ServiceRegistrationTest {
    @Test
    void kittyLayerIsRegisteredForLocateAndFocus() {
        assertTrue(Layers.load().innermostFirst().stream().anyMatch(l -> l instanceof KittyLayer));
        assertTrue(Layers.load().outermostFirst().stream().anyMatch(l -> l instanceof KittyLayer));
        assertEquals(200, new KittyLayer().depth());
        assertEquals("kitty", new KittyLayer().id());
    }
}
