package io.sightline.ingest;

import java.time.Instant;
import java.util.List;

/**
 * What one garbage collection of picture bytes found: {@code scanned} objects under {@code images/},
 * {@code named} by a picture of the dataset (kept), {@code young} (written within the grace period,
 * kept), and the {@code orphans} no event names, with their bytes; {@code deleted} of them when it was
 * not a dry run. {@code objects} lists at most {@code sightline.ingest.gc-list-limit} orphans
 * ({@code truncated} says when there were more). {@code grace} is ISO-8601 ({@code PT15M}).
 */
public record GcReport(boolean dryRun, String grace, int scanned, int named, int young, int orphans,
                       long orphanBytes, int deleted, List<Orphan> objects, boolean truncated) {

    /** An object no event names. {@code deleted} is false in a dry run, or when it was needed again meanwhile. */
    public record Orphan(String key, long sizeBytes, Instant lastModified, boolean deleted) {
    }
}
