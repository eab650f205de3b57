package io.sightline.image;

import java.nio.file.Path;

/**
 * A file or folder the scan left out, with the reason a person reads (e.g. "hidden file",
 * "not an image (text)").
 */
public record SkippedFile(Path path, String relativePath, String reason) {
}
