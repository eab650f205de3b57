package io.sightline.inference.engine;

import io.sightline.onnx.ExecutionProvider;
import java.util.List;

/**
 * One model run, for metrics and tests.
 *
 * @param modelVersion the version that ran it
 * @param provider     where it ran
 * @param sources      the source of each picture in the batch, in batch order
 * @param modelNanos   time spent in ONNX Runtime
 */
public record BatchReport(int modelVersion, ExecutionProvider provider, List<Source> sources, long modelNanos) {
    public BatchReport {
        sources = List.copyOf(sources);
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
