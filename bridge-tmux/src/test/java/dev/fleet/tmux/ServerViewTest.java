package dev.fleet.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerViewTest {
    @Test
    void parsesPanesAndClientsAndKeepsOddSessionNames() {
        String out = String.join("\n",
                "P\t%1\t100\t$0\t@0\t0\t0\t1\t1\t1\t0\t\t99\tzsh\twork",
                "P\t%2\t101\t$1\t@1\t3\t1\t0\t0\t0\t1\tgrp\t99\tvim\tname with spaces",
                "C\t555\t/dev/pts/3\t1700000000\tattached,focused,UTF-8\twork",
                "C\t556\t/dev/pts/4\t1700000100\tattached\tother",
                "C\t557\t/dev/pts/5\t1700000200\tattached,ignore-size\twork",
                // a daemon's control client (no tty, no size): never a terminal to move
                "C\t558\t\t1700000300\tattached,focused,control-mode,no-output,UTF-8\twork",
                "garbage line",
                "P\tnot\ta\tnumber\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx\tx", "");
        ServerView v = ServerView.parse(Path.of("/tmp/s"), out);
        assertEquals(2, v.panes().size());
        assertEquals(99, v.serverPid());
        assertEquals("name with spaces", v.panes().get(1).sessionName());
        assertEquals(3, v.panes().get(1).windowIndex());
        assertEquals(558, v.clients().get(0).pid(), "most recently active client first");
        assertEquals(List.of(556, 555), v.userClients().stream().map(TmuxClient::pid).toList(), "viewers are not the user's");
        assertEquals(1, v.clientsShowing(v.panes().get(0)).size());
        assertEquals(0, v.clientsShowing(v.panes().get(1)).size());
    }
}
