package io.sightline.image;

import java.nio.file.Path;

/**
 * A picture found in a labelled folder.
 *
 * @param path         where to read it
 * @param label        the first-level sub-folder name (Unicode NFC)
 * @param relativePath path under the scanned root, '/'-separated
 */
public record LabelledFile(Path path, String label, String relativePath) {
}
