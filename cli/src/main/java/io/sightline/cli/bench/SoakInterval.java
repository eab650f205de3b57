package io.sightline.cli.bench;

import java.util.List;

/**
 * One row of the soak: what happened between the previous row and {@code endSeconds}.
 *
 * @param label          the interval's end as {@code m:ss} since the load started, or {@code drain}
 * @param endSeconds     the interval's end, seconds since the load started
 * @param sent           requests sent in the interval
 * @param results        requests answered for the first time in the interval
 * @param errors         of which error results
 * @param p50Ms          send to result, median; null when nothing was answered
 * @param p95Ms          95th percentile
 * @param p99Ms          99th percentile
 * @param rssMib         the process's resident set at the end (VmRSS)
 * @param heapAfterGcMib heap in use after the last garbage collection before the end
 * @param heapCommittedMib heap the JVM had committed at the end (it grows towards -Xmx as the JVM sees fit)
 * @param modelVersions  model versions of the ok results ({@code 2} or {@code 2-3})
 * @param events         broker restarts and model swaps completed in the interval
 */
public record SoakInterval(String label, double endSeconds, long sent, int results, long errors, Double p50Ms,
                           Double p95Ms, Double p99Ms, double rssMib, double heapAfterGcMib, double heapCommittedMib, String modelVersions,
                           List<String> events) {

    static SoakInterval of(String label, double endSeconds, long sent, IntervalStats.Snapshot seen,
                           List<SoakEvent> events) {
        Percentiles latency = seen.latency();
        return new SoakInterval(label, Rate.round(endSeconds, 1), sent, seen.results(), seen.errors(),
                latency == null ? null : Rate.round(latency.p50(), 1), latency == null ? null : Rate.round(latency.p95(), 1),
                latency == null ? null : Rate.round(latency.p99(), 1), MemoryProbe.rssMib(),
                MemoryProbe.heapAfterLastGcMib(), MemoryProbe.heapCommittedMib(), seen.versions(), events.stream().map(SoakEvent::cell).toList());
    }

    /** {@code 1:00}, {@code 10:00}: minutes and seconds. */
    static String clock(double seconds) {
        long whole = Math.round(seconds);
        return String.format(java.util.Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
