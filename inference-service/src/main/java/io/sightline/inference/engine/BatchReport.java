package io.sightline.inference.engine;

import io.sightline.onnx.ExecutionProvider;
import java.util.List;

/**
 * One model run, for metrics and tests.
 *
 * @param modelVersion the version that ran it
 * @param provider     where it ran
 * @param requestIds   the request of each picture in the batch, in batch order
 * @param sources      the source of each picture in the batch, in batch order
 * @param times        each picture's fetch, decode and queue times, in batch order
 * @param modelNanos   time spent in ONNX Runtime
 * @param alone        whether the run went alone (the wide session, every core) rather than beside others
 */
public record BatchReport(int modelVersion, ExecutionProvider provider, List<String> requestIds, List<Source> sources,
                          List<PictureTimes> times, long modelNanos, boolean alone) {
    public BatchReport {
        requestIds = List.copyOf(requestIds);
        sources = List.copyOf(sources);
        times = List.copyOf(times);
        if (times.size() != sources.size() || requestIds.size() != sources.size()) {
            throw new IllegalArgumentException("one request id, source and time record per picture: " + requestIds.size()
                    + ", " + sources.size() + " and " + times.size());
        }
    }

    public int size() {
        return sources.size();
    }

    /** {@code kafka}, {@code http} or {@code mixed}. */
    public String composition() {
        long distinct = sources.stream().distinct().count();
        return distinct > 1 ? "mixed" : sources.get(0).tag();
    }
}
