package dev.fleet.web.server;

/**
 * tmux's rendering of a screen ({@code capture-pane -e}: text with SGR escapes) as HTML: every character
 * escaped, colours and attributes as spans. Only SGR ({@code ESC [ … m}) is understood; every other escape
 * sequence and control character is dropped, so nothing but text and our own spans reaches the page.
 * Colours go in {@code data-f}/{@code data-b} as #rrggbb (the page applies them through the DOM: the
 * Content-Security-Policy forbids inline style attributes); bold, dim, italic, underline as classes.
 */
final class AnsiHtml {
    /** xterm's 16 colours. */
    private static final int[] BASE = {0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
            0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff};
    /** The page's default foreground and background, for reverse video. */
    static final int DEFAULT_FG = 0xd0d0d0, DEFAULT_BG = 0x101010;

    private AnsiHtml() {}

    /** The state of the current run of text. */
    private static final class Pen {
        int fg = -1, bg = -1;
        boolean bold, dim, italic, underline, reverse, strike;

        boolean plain() {
            return fg < 0 && bg < 0 && !bold && !dim && !italic && !underline && !reverse && !strike;
        }

        void open(StringBuilder out) {
            int f = fg, b = bg;
            if (reverse) {
                f = bg < 0 ? DEFAULT_BG : bg;
                b = fg < 0 ? DEFAULT_FG : fg;
            }
            out.append("<span");
            StringBuilder cls = new StringBuilder();
            if (bold) cls.append(" b");
            if (dim) cls.append(" d");
            if (italic) cls.append(" i");
            if (underline) cls.append(" u");
            if (strike) cls.append(" s");
            if (cls.length() > 0) out.append(" class=\"").append(cls.substring(1)).append('"');
            if (f >= 0) out.append(" data-f=\"").append(hex(f)).append('"');
            if (b >= 0) out.append(" data-b=\"").append(hex(b)).append('"');
            out.append('>');
        }
    }

    static String toHtml(String ansi) {
        StringBuilder out = new StringBuilder(ansi.length() + 64);
        Pen pen = new Pen();
        boolean open = false;
        int n = ansi.length();
        for (int i = 0; i < n; ) {
            char c = ansi.charAt(i);
            if (c == 0x1b) {
                int end = escapeEnd(ansi, i);
                if (end > i + 2 && ansi.charAt(i + 1) == '[' && ansi.charAt(end - 1) == 'm') {
                    if (open) out.append("</span>");
                    sgr(ansi.substring(i + 2, end - 1), pen);
                    open = !pen.plain();
                    if (open) pen.open(out);
                }
                i = end;
                continue;
            }
            if (c == '\n' || c == '\t' || c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)) {
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            i++;
        }
        if (open) out.append("</span>");
        return out.toString();
    }

    /** The index just past the escape sequence starting at {@code i} (CSI, OSC, or a two-character one). */
    private static int escapeEnd(String s, int i) {
        int n = s.length();
        if (i + 1 >= n) return n;
        char k = s.charAt(i + 1);
        if (k == '[') {
            int j = i + 2;
            while (j < n && (s.charAt(j) < 0x40 || s.charAt(j) > 0x7e)) j++;
            return Math.min(n, j + 1);
        }
        if (k == ']' || k == 'P' || k == '_' || k == '^') { // string sequences end with BEL or ESC backslash
            int j = i + 2;
            while (j < n && s.charAt(j) != 0x07 && !(s.charAt(j) == 0x1b && j + 1 < n && s.charAt(j + 1) == '\\')) j++;
            return j >= n ? n : s.charAt(j) == 0x07 ? j + 1 : j + 2;
        }
        return i + 2;
    }

    private static void sgr(String params, Pen p) {
        String[] ps = params.isEmpty() ? new String[] {"0"} : params.split("[;:]", -1);
        for (int k = 0; k < ps.length; k++) {
            int v = num(ps[k]);
            switch (v) {
                case 0 -> {
                    p.fg = p.bg = -1;
                    p.bold = p.dim = p.italic = p.underline = p.reverse = p.strike = false;
                }
                case 1 -> p.bold = true;
                case 2 -> p.dim = true;
                case 3 -> p.italic = true;
                case 4 -> p.underline = true;
                case 7 -> p.reverse = true;
                case 9 -> p.strike = true;
                case 22 -> p.bold = p.dim = false;
                case 23 -> p.italic = false;
                case 24 -> p.underline = false;
                case 27 -> p.reverse = false;
                case 29 -> p.strike = false;
                case 39 -> p.fg = -1;
                case 49 -> p.bg = -1;
                case 38, 48 -> {
                    int[] col = new int[1];
                    k = extended(ps, k, col);
                    if (v == 38) p.fg = col[0];
                    else p.bg = col[0];
                }
                default -> {
                    if (v >= 30 && v <= 37) p.fg = BASE[v - 30];
                    else if (v >= 40 && v <= 47) p.bg = BASE[v - 40];
                    else if (v >= 90 && v <= 97) p.fg = BASE[v - 90 + 8];
                    else if (v >= 100 && v <= 107) p.bg = BASE[v - 100 + 8];
                }
            }
        }
    }

    /** {@code 38;5;n} or {@code 38;2;r;g;b}: the colour in col[0] (-1 when malformed); returns the last index used. */
    private static int extended(String[] ps, int k, int[] col) {
        col[0] = -1;
        if (k + 1 >= ps.length) return k;
        int mode = num(ps[k + 1]);
        if (mode == 5 && k + 2 < ps.length) {
            col[0] = palette(num(ps[k + 2]));
            return k + 2;
        }
        if (mode == 2 && k + 4 < ps.length) {
            int r = clamp(num(ps[k + 2])), g = clamp(num(ps[k + 3])), b = clamp(num(ps[k + 4]));
            col[0] = r << 16 | g << 8 | b;
            return k + 4;
        }
        return k + 1;
    }

    /** xterm's 256-colour palette. */
    static int palette(int n) {
        if (n < 0 || n > 255) return -1;
        if (n < 16) return BASE[n];
        if (n >= 232) {
            int g = 8 + (n - 232) * 10;
            return g << 16 | g << 8 | g;
        }
        int i = n - 16;
        int r = i / 36, g = i / 6 % 6, b = i % 6;
        return level(r) << 16 | level(g) << 8 | level(b);
    }

    private static int level(int v) {
        return v == 0 ? 0 : 55 + v * 40;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static int num(String s) {
        if (s.isEmpty() || s.length() > 6) return s.isEmpty() ? 0 : -1;
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }
}
