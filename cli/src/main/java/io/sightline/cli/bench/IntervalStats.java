package io.sightline.cli.bench;

import io.sightline.contract.ClassifyResult;

/**
 * The first results of one reporting interval: their latencies (send to result read), errors and the
 * model versions that answered. Written by the result reader, drained by the soak's clock.
 */
final class IntervalStats {
    private LatencyRecorder latency = new LatencyRecorder();
    private long errors;
    private int lowestVersion = Integer.MAX_VALUE;
    private int highestVersion;

    /**
     * What one interval saw.
     *
     * @param results  requests answered for the first time
     * @param errors   of which error results
     * @param latency  send to result, null when nothing was answered
     * @param versions the model versions of the ok results, {@code 2} or {@code 2-3}; empty when none
     */
    record Snapshot(int results, long errors, Percentiles latency, String versions) {
    }

    synchronized void record(long nanos, ClassifyResult result) {
        latency.recordNanos(nanos);
        if (!result.isOk()) {
            errors++;
        } else if (result.modelVersion() != null) {
            lowestVersion = Math.min(lowestVersion, result.modelVersion());
            highestVersion = Math.max(highestVersion, result.modelVersion());
        }
    }

    /** What was recorded since the last drain; starts a new interval. */
    synchronized Snapshot drain() {
        int count = latency.count();
        String versions = highestVersion == 0 ? ""
                : lowestVersion == highestVersion ? String.valueOf(highestVersion) : lowestVersion + "-" + highestVersion;
        Snapshot snapshot = new Snapshot(count, errors, count == 0 ? null : latency.percentiles(), versions);
        latency = new LatencyRecorder();
        errors = 0;
        lowestVersion = Integer.MAX_VALUE;
        highestVersion = 0;
        return snapshot;
    }
}
