package dev.fleet.web.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** tmux's SGR rendering as HTML: text always escaped, colours and attributes kept, every other escape dropped. */
class AnsiHtmlTest {
    @Test
    void markupInTheTextIsEscaped() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;",
                AnsiHtml.toHtml("<script>alert(1)</script> & \"q\" 's'"));
    }

    @Test
    void coloursAndBoldBecomeSpans() {
        assertEquals("<span class=\"b\" data-f=\"#cd0000\">red</span> plain",
                AnsiHtml.toHtml("\u001b[1;31mred\u001b[0m plain"));
        assertEquals("<span data-f=\"#ff8700\" data-b=\"#010203\">x</span>",
                AnsiHtml.toHtml("\u001b[38;5;208;48;2;1;2;3mx\u001b[39;49m"));
        // reverse video with default colours: the page's defaults swapped
        assertEquals("<span data-f=\"#101010\" data-b=\"#d0d0d0\">r</span>", AnsiHtml.toHtml("\u001b[7mr\u001b[27m"));
    }

    @Test
    void otherEscapesAndControlCharactersAreDropped() {
        // cursor moves, an OSC title and hyperlink, a bell, a DCS string: none of them reach the page
        String in = "a\u001b[2Jb\u001b]0;title\u0007c\u001b]8;;http://x\u001b\\d\u0007e\u001bPq#0\u001b\\f\u001b=g\u0000h\n";
        assertEquals("abcdefgh\n", AnsiHtml.toHtml(in));
        // an escape cut off at the end of the capture
        assertEquals("x", AnsiHtml.toHtml("x\u001b[1"));
    }
}
