package io.sightline.inference.plan;

import io.sightline.onnx.ExecutionProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the plan a model runs with by timing the candidates of its {@link PlanSpace} on the machine at hand,
 * within a bounded time: every shape (one wide run, N narrow ones) at the space's middle batch size (there and
 * back, A B B A, against a drifting load), then the
 * fastest shape at each other batch size; the fastest plan measured is kept. Each candidate gets an equal share
 * of the time (at least one run of each parallel run); once twice the time is spent (runs much longer than their
 * share: a slow model on a slow or busy machine), the batch sizes not yet measured are left out. Shape and batch size are measured one after the other,
 * not as a grid, to keep a load within a few seconds: on CPU the gain from batching ResNet-50 hardly depends
 * on how the threads are shared out.
 *
 * <p>A measurement is kept per {@link PlanKey} (backbone, precision, provider), so a new version on the same
 * backbone (a retrained head) is not measured again: the hot swap stays cheap, and is not measured while the
 * previous version serves traffic beside it. A restart measures again. A failed measurement keeps the rule's
 * plan ({@link PlanChoice.Basis#FALLBACK}); thread-safe.
 */
public final class RunPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(RunPlanner.class);
    /** Measurements remembered (least recently used dropped). */
    static final int REMEMBERED = 8;

    private final Function<ExecutionProvider, PlanSpace> spaces;
    private final Duration measureTime;
    private final Clock clock;
    private final Map<PlanKey, PlanChoice> measured = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PlanKey, PlanChoice> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param spaces      the candidates on each provider
     * @param measureTime the time a measurement may take in all; zero keeps each space's rule
     * @param clock       the measurement's start and its time spent (the candidates time themselves)
     */
    public RunPlanner(Function<ExecutionProvider, PlanSpace> spaces, Duration measureTime, Clock clock) {
        if (measureTime.isNegative()) {
            throw new IllegalArgumentException("the measure time must not be negative");
        }
        this.spaces = spaces;
        this.measureTime = measureTime;
        this.clock = clock;
    }

    /** Always the same plan, never measured. */
    public static RunPlanner fixed(RunPlan plan) {
        return new RunPlanner(provider -> PlanSpace.single(plan), Duration.ZERO, Clock.systemUTC());
    }

    /** The candidates for a model that runs on {@code provider}. */
    public PlanSpace space(ExecutionProvider provider) {
        return spaces.apply(provider);
    }

    /**
     * The plan for a model with {@code key}: remembered, measured through {@code trial}, or (measurement off,
     * one candidate, or a failed measurement) the space's rule.
     *
     * @param version the model version measured, for the record
     */
    public PlanChoice choose(PlanKey key, PlanSpace space, PlanTrial trial, int version) {
        if (measureTime.isZero()) {
            return PlanChoice.unmeasured(space.rule(), PlanChoice.Basis.SETTINGS, "measurement off (measure-seconds 0)");
        }
        if (space.measuredCount() == 1) {
            return PlanChoice.unmeasured(space.shapes().get(0).withBatchSize(space.batchSizes().get(0)),
                    PlanChoice.Basis.SETTINGS, "the only candidate");
        }
        PlanChoice earlier = remembered(key);
        if (earlier != null && space.contains(earlier.plan())) {
            LOG.info("Run plan for {} {} on {}: {} (measured earlier)", key.backboneId(), key.precision().wire(),
                    key.provider(), earlier.plan().label());
            return earlier;
        }
        try {
            PlanChoice choice = measure(space, trial, version);
            synchronized (measured) {
                measured.put(key, choice);
            }
            LOG.info("Run plan for {} {} on {}: {}", key.backboneId(), key.precision().wire(), key.provider(),
                    choice.describe());
            return choice;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e; // closing down: no plan is needed
            }
            LOG.warn("Measuring the run plans for {} {} on {} failed ({}); keeping the fixed rule's {}", key.backboneId(),
                    key.precision().wire(), key.provider(), e.toString(), space.rule().label());
            return PlanChoice.unmeasured(space.rule(), PlanChoice.Basis.FALLBACK, "the measurement failed: " + e.getMessage());
        }
    }

    private PlanChoice remembered(PlanKey key) {
        synchronized (measured) {
            return measured.get(key);
        }
    }

    private PlanChoice measure(PlanSpace space, PlanTrial trial, int version) {
        Instant at = clock.instant();
        Instant cutOff = at.plus(measureTime.multipliedBy(2));
        Duration share = measureTime.dividedBy(space.measuredCount());
        List<PlanFigure> figures = new ArrayList<>(measureShapes(space, trial, share));
        PlanFigure best = PlanFigure.fastest(figures);
        RunPlan fastestShape = best.plan();
        int skipped = 0;
        for (int i = space.batchSizes().size() - 1; i >= 0; i--) {
            int batch = space.batchSizes().get(i);
            if (batch == space.firstBatch()) {
                continue;
            }
            if (clock.instant().isAfter(cutOff)) {
                skipped++; // runs far longer than their share (a slow or busy machine): stop at twice the time
                continue;
            }
            RunPlan plan = fastestShape.withBatchSize(batch);
            figures.add(checked(trial.run(plan, share), plan));
        }
        if (skipped > 0) {
            LOG.info("{} batch sizes not measured: the measurement took twice its {} s", skipped, measureTime.toMillis() / 1000.0);
        }
        return PlanChoice.fastest(figures, at, version, Duration.between(at, clock.instant()).toNanos() / 1e9);
    }

    /**
     * Every shape at the first batch size, there and back (A B C C B A, half the share each time) when there are
     * several, so that a load that drifts during the measurement (other processes on a shared machine) weighs on
     * every shape alike; the sessions of a shape are closed once it is measured and slower than another.
     */
    private static List<PlanFigure> measureShapes(PlanSpace space, PlanTrial trial, Duration share) {
        List<RunPlan> shapes = space.shapes().stream().map(shape -> shape.withBatchSize(space.firstBatch())).toList();
        if (shapes.size() == 1) {
            return List.of(checked(trial.run(shapes.get(0), share), shapes.get(0)));
        }
        Duration half = share.dividedBy(2);
        List<PlanFigure> there = new ArrayList<>();
        for (RunPlan plan : shapes) {
            there.add(checked(trial.run(plan, half), plan));
        }
        PlanFigure[] merged = new PlanFigure[shapes.size()];
        for (int i = shapes.size() - 1; i >= 0; i--) {
            merged[i] = PlanFigure.merge(there.get(i), checked(trial.run(shapes.get(i), half), shapes.get(i)));
            List<RunPlan> needed = new ArrayList<>(shapes.subList(0, i));
            needed.add(PlanFigure.fastest(Arrays.asList(merged).subList(i, shapes.size())).plan());
            trial.retainOnly(needed);
        }
        return List.of(merged);
    }

    private static PlanFigure checked(PlanFigure figure, RunPlan asked) {
        if (!figure.plan().equals(asked)) {
            throw new IllegalStateException("the trial measured " + figure.plan().label() + " when asked for " + asked.label());
        }
        return figure;
    }
}
