package dev.fleet.kitty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleet.core.focus.FocusPlan;
import dev.fleet.core.locate.Locators;
import org.junit.jupiter.api.Test;

/** core finds the kitty layer only through ServiceLoader: the registrations must be there. */
class ServiceRegistrationTest {
    @Test
    void locatorAndFocuserAreRegistered() {
        assertTrue(Locators.load().chain().stream().anyMatch(l -> l instanceof KittyLocator));
        assertTrue(FocusPlan.loadFocusers().stream().anyMatch(f -> f instanceof KittyFocuser));
        assertEquals(200, new KittyLocator().order());
        assertEquals(200, new KittyFocuser().order());
        assertEquals("kitty", new KittyLocator().layer());
        assertEquals("kitty", new KittyFocuser().layer());
    }
}
