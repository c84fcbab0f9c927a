package dev.fleet.hosts;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostNameTest {
    @Test
    void destinationsUsersWriteAreTaken() {
        for (String h : List.of("box", "dev-box.example.com", "me@box", "box2_alias", "10.0.0.7", "[::1]", "me@[fe80::1%eth0]")) {
            assertNull(HostName.problem(h), h);
        }
    }

    @Test
    void optionsWordsAndShellTextAreRefused() {
        for (String h : List.of("", "-oProxyCommand=touch x", "-p", "two words", "tab\there", "new\nline", "esc\u001b[2J",
                "$(id)", "`id`", "a;b", "a|b", "'q'", "x".repeat(300))) {
            assertNotNull(HostName.problem(h), h);
        }
    }

    @Test
    void sshHostRefusesWhatHostNameRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new SshHost("-oProxyCommand=sh", Path.of("/tmp")));
    }
}
