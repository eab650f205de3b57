package io.sightline.inference.model;

/**
 * How a model runs on one execution provider.
 *
 * @param batchSize    pictures per model run, at most
 * @param parallelRuns model runs that may go at once. On CPU with more than one, the model gets a second,
 *                     narrow session (the threads shared out between the runs: one each on 2 cores) for the
 *                     runs that overlap, while a run alone uses the wide session with every core: independent
 *                     narrow runs lose only their share of the CPU when decoding, Kafka or S3 take some, where
 *                     one run split over all cores stalls whenever one of its threads is preempted.
 */
public record RunPlan(int batchSize, int parallelRuns) {
    public RunPlan {
        if (batchSize < 1 || parallelRuns < 1) {
            throw new IllegalArgumentException("batch size and parallel runs must be >= 1, were " + batchSize
                    + " and " + parallelRuns);
        }
    }

    /** One run at a time. */
    public static RunPlan serial(int batchSize) {
        return new RunPlan(batchSize, 1);
    }
}
