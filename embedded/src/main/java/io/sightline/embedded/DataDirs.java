package io.sightline.embedded;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

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
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    delete(file, left);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    left.add(file); // vanished or unreadable: go on with the rest
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) {
                    delete(directory, left);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            left.add(dir);
        }
        return left;
    }

    private static void delete(Path path, List<Path> left) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            left.add(path);
        }
    }
}
