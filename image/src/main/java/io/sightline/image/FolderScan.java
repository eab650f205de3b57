package io.sightline.image;

import java.util.List;

/**
 * What a {@link FolderScanner} found: pictures sorted by label then relative path, and what it left
 * out (sorted by relative path), each with a reason.
 */
public record FolderScan(List<LabelledFile> files, List<SkippedFile> skipped) {
    public FolderScan {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
