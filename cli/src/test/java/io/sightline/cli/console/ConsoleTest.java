package io.sightline.cli.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress output on and off a terminal, and table layout. */
class ConsoleTest {

    @Test
    void offATerminalProgressIsAPlainLineEveryTenPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress("Uploading", 200, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int i = 0; i < 200; i++) {
            progress.step();
        }
        progress.finish();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(11, lines.length, String.join("|", lines));
        assertEquals("Uploading: 100% (200/200)", lines[10]);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).indexOf('\r') < 0);
    }

    @Test
    void onATerminalProgressRedrawsOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress("Embedding", 4, new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        progress.advanceTo(2);
        progress.advanceTo(4);
        progress.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\rEmbedding [" + "#".repeat(15) + " ".repeat(15) + "] 50% (2/4)"), out);
        assertTrue(out.endsWith("] 100% (4/4)\n"), out);
    }

    @Test
    void tablesAlignTextLeftAndNumbersRight() {
        String table = new Table("label", "added").row("doraemon", 119).row("walle", 80).render();
        assertEquals("""
                label     added
                --------  -----
                doraemon    119
                walle        80
                """, table);
    }
}
