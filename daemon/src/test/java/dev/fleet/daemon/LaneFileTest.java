package dev.fleet.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleet.commands.CommandTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's lane, as the daemon writes it from the command table: the forms, the ops, the variables. */
class LaneFileTest {
    @Test
    void theLaneIsTheTables(@TempDir Path dir) throws Exception {
        LaneFile.write(dir);
        Path f = dir.resolve("fleet.lane");
        assertEquals("env " + String.join(" ", CommandTable.FORWARDED_ENV) + "\n"
                + "form ls - table tty\n"
                + "form ls --json list plain\n"
                + "form switch * switch args\n"
                + "form next * next args\n"
                + "form peek * peek args\n"
                + "form send * send args\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
