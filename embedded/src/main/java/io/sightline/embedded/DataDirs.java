package io.sightline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Creates, checks and removes the data directory of the embedded infrastructure. */
public final class DataDirs {
    private DataDirs() {
    }

    /** Creates {@code dir} if needed and fails with a clear line if it cannot be written. */
    public static Path writable(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            Path probe = Files.createTempFile(absolute, ".write-check", ".tmp");
            Files.delete(probe);
            return absolute;
        } catch (IOException | SecurityException e) {
            throw new InfrastructureException("data dir " + absolute
                    + " is not writable; choose another with --data-dir");
        }
    }

    /**
     * Removes {@code dir} and everything under it, once nothing uses it any more (a quickstart's temporary data
     * dir: hundreds of MB of pictures, models and Kafka logs). Links are removed, never followed. Returns what
     * could not be removed (empty when all went), so that the caller can say so rather than fail a finished run.
     */
    public static List<Path> deleteTree(Path dir) {
        List<Path> left = new ArrayList<>();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return left;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    left.add(path);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            left.add(dir);
        }
        return left;
    }
}
