package dev.fleet.daemon;

import dev.fleet.core.daemon.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads newline-terminated requests with a hard size limit, so no client can make the daemon buffer without end. */
final class LineReader {
    /** A line longer than the limit. */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong() {
            super("request longer than " + Protocol.MAX_REQUEST_BYTES + " bytes");
        }
    }

    private final InputStream in;
    private final int limit;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int len;

    LineReader(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The next line's bytes (no newline, a trailing CR dropped), or null at end of stream. */
    byte[] next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            if (pos == len) {
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return line.size() == 0 ? null : line.toByteArray();
                }
            }
            int start = pos;
            while (pos < len && buf[pos] != '\n') pos++;
            line.write(buf, start, pos - start);
            if (line.size() > limit) throw new TooLong();
            if (pos < len) {
                pos++; // the newline
                byte[] b = line.toByteArray();
                if (b.length > 0 && b[b.length - 1] == '\r') return java.util.Arrays.copyOf(b, b.length - 1);
                return b;
            }
        }
    }
}
