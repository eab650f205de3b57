package io.sightline.cli.client;

import java.util.List;
import java.util.Map;

/**
 * What a folder ingest did: per label how many pictures were added, relabelled (in the dataset before
 * under another label), already there (duplicate: the same picture with this label, in the dataset or
 * earlier in this folder) or skipped, every skipped file with its reason, and the conflicts (one picture
 * under more than one label: nothing uploaded for it; its files are also in {@code skipped}).
 *
 * @param images  the loaded pictures: source path, label, imageId (copies included)
 */
public record IngestSummary(Map<String, LabelCounts> byLabel, List<Skipped> skipped, List<Loaded> images,
                            List<Conflict> conflicts, double seconds) {

    /** Counts for one label. */
    public record LabelCounts(int added, int relabelled, int duplicate, int skipped) {
        /** Files of this label whose picture is in the dataset with this label after the ingest. */
        public int loaded() {
            return added + relabelled + duplicate;
        }
    }

    /** A file that did not become a picture in the dataset. */
    public record Skipped(String path, String reason) {
    }

    /** A picture in the dataset. */
    public record Loaded(String path, String label, String imageId) {
    }

    /** One picture found under more than one label: its files ({@code label/name}), none uploaded. */
    public record Conflict(String imageId, List<String> paths) {
    }

    public int total() {
        return images.size();
    }

    /** Pictures new to the dataset. */
    public int added() {
        return byLabel.values().stream().mapToInt(LabelCounts::added).sum();
    }

    public int relabelled() {
        return byLabel.values().stream().mapToInt(LabelCounts::relabelled).sum();
    }
}
