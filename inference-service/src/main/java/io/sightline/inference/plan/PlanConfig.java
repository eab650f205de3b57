package io.sightline.inference.plan;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the run plan is chosen, {@code sightline.inference.plan.*} (env {@code SIGHTLINE_INFERENCE_PLAN_*}).
 *
 * @param measureSeconds how long a model load may spend timing the candidates, in all (each candidate gets its
 *                       share, and at least one run per parallel run); 0 keeps the fixed rule
 *                       ({@code parallel-runs}, {@code max-batch}) without measuring
 * @param candidates     the CPU shapes to try, {@code RUNSxTHREADS} each (e.g. {@code 1x4,2x2,4x1}); empty = every
 *                       way of sharing the threads out between 1 to 4 runs evenly (or only {@code parallel-runs}
 *                       when that is set). {@code 1xT} is the wide session, whose T must be the intra-op threads
 * @param batchSizes     the batch sizes to try, each at most {@code max-batch}; empty = 1, max/4, max/2 and max
 */
@ConfigurationProperties("sightline.inference.plan")
public record PlanConfig(
        @Bindable(defaultValue = "3") double measureSeconds,
        @Nullable List<String> candidates,
        @Nullable List<Integer> batchSizes) {

    /** Longest measurement accepted, in seconds. */
    public static final double MAX_MEASURE_SECONDS = 120;
    /** Most entries in either list. */
    public static final int MAX_ENTRIES = 16;
    /** Largest number of runs or threads in a candidate, and largest batch size. */
    public static final int MAX_RUNS = 16;
    public static final int MAX_THREADS = 256;
    public static final int MAX_BATCH = 1024;

    public PlanConfig {
        if (!(measureSeconds >= 0 && measureSeconds <= MAX_MEASURE_SECONDS)) {
            throw new IllegalArgumentException("sightline.inference.plan.measure-seconds must be between 0 and "
                    + MAX_MEASURE_SECONDS + ", was " + measureSeconds);
        }
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        batchSizes = batchSizes == null ? List.of() : List.copyOf(batchSizes);
        if (candidates.size() > MAX_ENTRIES || batchSizes.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("sightline.inference.plan: at most " + MAX_ENTRIES
                    + " candidates and batch sizes");
        }
        for (int batch : batchSizes) {
            if (batch < 1 || batch > MAX_BATCH) {
                throw new IllegalArgumentException("sightline.inference.plan.batch-sizes: each between 1 and "
                        + MAX_BATCH + ", was " + batch);
            }
        }
        shapes(candidates); // fails on a malformed entry now, at start, not at the first model load
    }

    /** The defaults: measure for 3 s, automatic candidates and batch sizes. */
    public static PlanConfig defaults() {
        return new PlanConfig(3, null, null);
    }

    public Duration measureTime() {
        return Duration.ofNanos(Math.round(measureSeconds * 1e9));
    }

    /** The configured CPU shapes, batch size 1 as a placeholder. */
    List<RunPlan> configuredShapes() {
        return shapes(candidates);
    }

    private static List<RunPlan> shapes(List<String> entries) {
        List<RunPlan> shapes = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim().toLowerCase(Locale.ROOT);
            int x = text.indexOf('x');
            try {
                if (text.length() > 16 || x < 1) {
                    throw new NumberFormatException();
                }
                int runs = Integer.parseInt(text.substring(0, x));
                int threads = Integer.parseInt(text.substring(x + 1));
                if (runs < 1 || runs > MAX_RUNS || threads < 1 || threads > MAX_THREADS) {
                    throw new NumberFormatException();
                }
                shapes.add(new RunPlan(1, runs, threads));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sightline.inference.plan.candidates: '" + (entry.length() > 40
                        ? entry.substring(0, 40) + "…" : entry) + "' is not RUNSxTHREADS with 1 to " + MAX_RUNS
                        + " runs and 1 to " + MAX_THREADS + " threads (e.g. 2x1)", e);
            }
        }
        return shapes;
    }
}
