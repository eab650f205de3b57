package io.sightline.inference.plan;

import java.util.Locale;

/**
 * How a model runs on one execution provider.
 *
 * @param batchSize     pictures per model run, at most
 * @param parallelRuns  model runs that may go at once
 * @param threadsPerRun ONNX Runtime threads of each run that goes beside others. With one run at a time, the
 *                      wide session's threads. On CPU with more than one run, the runs that overlap use
 *                      narrow sessions of this many threads (one session shared when it is 1: a single-threaded
 *                      session has no thread pool to share; one per run otherwise), while a run alone still uses
 *                      the wide session with every thread: independent narrow runs lose only their share of the
 *                      CPU when decoding, Kafka or S3 take some, where one run split over all cores stalls
 *                      whenever one of its threads is preempted.
 */
public record RunPlan(int batchSize, int parallelRuns, int threadsPerRun) {
    public RunPlan {
        if (batchSize < 1 || parallelRuns < 1 || threadsPerRun < 1) {
            throw new IllegalArgumentException("batch size, parallel runs and threads per run must be >= 1, were "
                    + batchSize + ", " + parallelRuns + " and " + threadsPerRun);
        }
    }

    /** One run at a time on {@code threads} threads. */
    public static RunPlan serial(int batchSize, int threads) {
        return new RunPlan(batchSize, 1, threads);
    }

    /** The same runs and threads at another batch size. */
    public RunPlan withBatchSize(int value) {
        return new RunPlan(value, parallelRuns, threadsPerRun);
    }

    /** Whether {@code other} runs the same way apart from the batch size. */
    public boolean sameShape(RunPlan other) {
        return parallelRuns == other.parallelRuns && threadsPerRun == other.threadsPerRun;
    }

    /** Short form for logs and tables: runs x threads, batch; e.g. {@code 2x1 b16}. */
    public String label() {
        return String.format(Locale.ROOT, "%dx%d b%d", parallelRuns, threadsPerRun, batchSize);
    }
}
