package io.sightline.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates and checks the data directory of the embedded infrastructure. */
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
}
