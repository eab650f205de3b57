package io.sightline.cli.client;

import java.util.List;
import java.util.Map;

/**
 * What a folder ingest did: per label how many pictures were added, already there (duplicate) or
 * skipped, and every skipped file with its reason.
 *
 * @param loaded  pictures in the dataset after the ingest (added + duplicate), by label
 * @param images  the loaded pictures: source path, label, imageId
 */
public record IngestSummary(Map<String, LabelCounts> byLabel, List<Skipped> skipped, List<Loaded> images,
                            double seconds) {

    /** Counts for one label. */
    public record LabelCounts(int added, int duplicate, int skipped) {
        public int loaded() {
            return added + duplicate;
        }
    }

    /** A file that did not become a picture in the dataset. */
    public record Skipped(String path, String reason) {
    }

    /** A picture in the dataset. */
    public record Loaded(String path, String label, String imageId) {
    }

    public int total() {
        return images.size();
    }

    public int added() {
        return byLabel.values().stream().mapToInt(LabelCounts::added).sum();
    }
}
