package io.sightline.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A temporary data dir goes with everything under it, and a link in it never takes what it points to along. */
class DataDirsTest {

    @Test
    void aDataDirIsRemovedWithItsTreeButNotWhatALinkPointsTo(@TempDir Path temp) throws IOException {
        Path data = temp.resolve("data");
        Files.createDirectories(data.resolve("kafka/sightline.images-0"));
        Files.write(data.resolve("kafka/sightline.images-0/00000000000000000000.log"), new byte[4096]);
        Files.createDirectories(data.resolve("s3/sightline/images"));
        Files.write(data.resolve("s3/sightline/images/picture"), new byte[] {1, 2, 3});
        Path outside = Files.writeString(temp.resolve("report.html"), "keep me");
        Files.createSymbolicLink(data.resolve("link-to-report"), outside);

        List<Path> left = DataDirs.deleteTree(data);

        assertEquals(List.of(), left);
        assertFalse(Files.exists(data), "the data dir is gone");
        assertTrue(Files.exists(outside), "the link was removed, not followed");
        assertEquals(List.of(), DataDirs.deleteTree(data), "nothing to remove: nothing left");
    }
}
