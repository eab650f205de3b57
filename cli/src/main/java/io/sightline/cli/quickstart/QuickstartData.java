package io.sightline.cli.quickstart;

import io.sightline.embedded.DataDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a quickstart keeps its Kafka and S3 data: the folder given with {@code --data-dir}, which is kept and never
 * removed, or a temporary folder it made for itself, removed when it ends (a run leaves ~300 MB of pictures, models
 * and Kafka logs there; what was asked for, the report and the JSON, is written elsewhere).
 */
public record QuickstartData(Path dir, boolean temporary) {

    /** {@code given} (kept), or a new temporary folder when it is null. */
    public static QuickstartData of(Path given) throws IOException {
        return given != null ? new QuickstartData(given, false)
                : new QuickstartData(Files.createTempDirectory("sightline-quickstart"), true);
    }

    /** Removes the folder if the quickstart made it; returns what could not be removed (empty: all went, or kept). */
    public List<Path> removeIfTemporary() {
        return temporary ? DataDirs.deleteTree(dir) : List.of();
    }
}
