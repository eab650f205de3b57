package io.sightline.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder given with --data-dir is never removed, whatever the run; the quickstart's own temporary one is. */
class QuickstartDataTest {

    @Test
    void aGivenDataDirIsKeptAndATemporaryOneRemoved(@TempDir Path temp) throws IOException {
        Path given = Files.createDirectories(temp.resolve("mine"));
        Files.writeString(given.resolve("keep.txt"), "the user's");
        QuickstartData kept = QuickstartData.of(given);

        assertFalse(kept.temporary());
        assertEquals(List.of(), kept.removeIfTemporary());
        assertTrue(Files.exists(given.resolve("keep.txt")), "--data-dir is the user's: kept");

        QuickstartData own = QuickstartData.of(null);
        try {
            assertTrue(own.temporary());
            Files.writeString(own.dir().resolve("kafka.log"), "data");
            assertEquals(List.of(), own.removeIfTemporary());
            assertFalse(Files.exists(own.dir()), "the quickstart's own folder goes");
        } finally {
            own.removeIfTemporary();
        }
    }
}
