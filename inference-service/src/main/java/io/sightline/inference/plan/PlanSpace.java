package io.sightline.inference.plan;

import io.sightline.onnx.ExecutionProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The plans a model may run with on one execution provider: the fixed rule's plan (kept when nothing is
 * measured or the measurement fails), the shapes to try (runs x threads; batch size 1 as a placeholder) and
 * the batch sizes to try, ascending. Measured in two steps (see {@link RunPlanner}): every shape at
 * {@link #firstBatch}, then the fastest shape at the other batch sizes.
 */
public record PlanSpace(RunPlan rule, List<RunPlan> shapes, List<Integer> batchSizes) {
    /** Pictures per run on CPU and CUDA unless {@code max-batch} says otherwise. */
    public static final int CPU_BATCH = 16;
    public static final int CUDA_BATCH = 64;
    /** Parallel runs tried on CPU at most: each run holds its own activations (memory grows with runs x batch). */
    public static final int MAX_AUTO_CPU_RUNS = 4;

    public PlanSpace {
        shapes = List.copyOf(shapes);
        batchSizes = List.copyOf(new TreeSet<>(batchSizes));
        if (shapes.isEmpty() || batchSizes.isEmpty()) {
            throw new IllegalArgumentException("a plan space needs at least one shape and one batch size");
        }
    }

    /** Only the rule's plan: nothing to measure. */
    public static PlanSpace single(RunPlan plan) {
        return new PlanSpace(plan, List.of(plan.withBatchSize(1)), List.of(plan.batchSize()));
    }

    /**
     * The space for a model on {@code provider}.
     *
     * @param threads      the wide session's intra-op threads
     * @param maxBatch     {@code max-batch}; 0 = {@link #CPU_BATCH} / {@link #CUDA_BATCH}
     * @param parallelRuns {@code parallel-runs}; 0 = chosen (the rule: one per thread up to
     *                     {@link #MAX_AUTO_CPU_RUNS} on CPU, 1 on CUDA)
     */
    public static PlanSpace of(PlanConfig config, ExecutionProvider provider, int threads, int maxBatch, int parallelRuns) {
        RunPlan rule = rule(provider, threads, maxBatch, parallelRuns);
        return new PlanSpace(rule, shapes(config, provider, threads, parallelRuns, rule),
                batchSizes(config, rule.batchSize()));
    }

    /** The fixed rule: {@code max-batch} or the provider's default; {@code parallel-runs} or one per thread up to 4 on CPU. */
    static RunPlan rule(ExecutionProvider provider, int threads, int maxBatch, int parallelRuns) {
        boolean cuda = provider == ExecutionProvider.CUDA;
        int batch = maxBatch > 0 ? maxBatch : cuda ? CUDA_BATCH : CPU_BATCH;
        int runs = parallelRuns > 0 ? parallelRuns : cuda ? 1 : Math.min(MAX_AUTO_CPU_RUNS, threads);
        return new RunPlan(batch, runs, runs == 1 ? threads : Math.max(1, threads / runs));
    }

    private static List<RunPlan> shapes(PlanConfig config, ExecutionProvider provider, int threads, int parallelRuns,
                                        RunPlan rule) {
        if (provider == ExecutionProvider.CUDA) {
            return List.of(rule.withBatchSize(1)); // one device: the batch size is what there is to choose
        }
        List<RunPlan> configured = config.configuredShapes();
        if (!configured.isEmpty()) {
            for (RunPlan shape : configured) {
                if (shape.parallelRuns() == 1 && shape.threadsPerRun() != threads) {
                    throw new IllegalArgumentException("sightline.inference.plan.candidates: 1x" + shape.threadsPerRun()
                            + " would be the wide session, which has " + threads + " threads (intra-op-threads)");
                }
            }
            return configured.stream().distinct().toList();
        }
        if (parallelRuns > 0) {
            return List.of(rule.withBatchSize(1));
        }
        List<RunPlan> shapes = new ArrayList<>();
        for (int runs = 1; runs <= Math.min(MAX_AUTO_CPU_RUNS, threads); runs++) {
            if (threads % runs == 0) {
                shapes.add(new RunPlan(1, runs, threads / runs));
            }
        }
        return shapes;
    }

    private static List<Integer> batchSizes(PlanConfig config, int max) {
        List<Integer> sizes = new ArrayList<>();
        if (config.batchSizes().isEmpty()) {
            sizes.addAll(List.of(1, Math.max(1, max / 4), Math.max(1, max / 2), max));
        } else {
            config.batchSizes().stream().filter(size -> size <= max).forEach(sizes::add);
        }
        return sizes.isEmpty() ? List.of(max) : sizes;
    }

    /** The batch size every shape is tried at: the middle one (the upper of two). */
    public int firstBatch() {
        return batchSizes.get(batchSizes.size() / 2);
    }

    /** The largest batch any candidate or the rule runs: sessions are warmed up at it. */
    public int largestBatch() {
        return Math.max(rule.batchSize(), batchSizes.get(batchSizes.size() - 1));
    }

    /** Plans measured: every shape once, then the fastest at each other batch size. */
    public int measuredCount() {
        return shapes.size() + batchSizes.size() - 1;
    }

    /** The most runs any plan of this space, the rule's included, has at once. */
    public int maxParallelRuns() {
        return Math.max(rule.parallelRuns(), shapes.stream().mapToInt(RunPlan::parallelRuns).max().orElse(1));
    }

    /** Whether {@code plan} is one of this space's candidates. */
    public boolean contains(RunPlan plan) {
        return batchSizes.contains(plan.batchSize()) && shapes.stream().anyMatch(plan::sameShape);
    }
}
