package io.sightline.inference.plan;

import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.Precision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner's choice on a fake timing source: which candidates it measures, what it keeps, when it measures at all. */
class RunPlannerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");
    private static final PlanKey KEY = new PlanKey("generated-resnet50", "ab", Precision.FP32, ExecutionProvider.CPU);
    private static final PlanSpace SPACE = PlanSpace.of(new PlanConfig(2, List.of("1x4", "2x2", "4x1"), List.of(1, 4, 16)),
            ExecutionProvider.CPU, 4, 16, 0);

    /** Answers each plan with the rate {@code speed} gives it, and records what it was asked. */
    private static final class FakeTrial implements PlanTrial {
        final List<RunPlan> asked = new ArrayList<>();
        final List<List<String>> retained = new ArrayList<>();
        final List<Duration> times = new ArrayList<>();
        private final ToDoubleFunction<RunPlan> speed;

        FakeTrial(ToDoubleFunction<RunPlan> speed) {
            this.speed = speed;
        }

        @Override
        public PlanFigure run(RunPlan plan, Duration time) {
            asked.add(plan);
            times.add(time);
            return new PlanFigure(plan, speed.applyAsDouble(plan), 3L * plan.batchSize(), 3, 0.5);
        }

        @Override
        public void retainOnly(java.util.Collection<RunPlan> needed) {
            retained.add(needed.stream().map(RunPlan::label).toList());
        }
    }

    private static RunPlanner planner(Duration time) {
        return new RunPlanner(provider -> SPACE, time, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void everyShapeAtTheMiddleBatchThereAndBackThenTheFastestShapeAtTheOtherBatchesAndTheFastestIsKept() {
        Map<String, Double> rates = Map.of("1x4 b4", 20.0, "2x2 b4", 25.0, "4x1 b4", 22.0, "2x2 b16", 27.0, "2x2 b1", 18.0);
        FakeTrial trial = new FakeTrial(plan -> rates.get(plan.label()));
        PlanChoice choice = planner(Duration.ofSeconds(2)).choose(KEY, SPACE, trial, 7);

        assertEquals(List.of("1x4 b4", "2x2 b4", "4x1 b4", "4x1 b4", "2x2 b4", "1x4 b4", "2x2 b16", "2x2 b1"),
                trial.asked.stream().map(RunPlan::label).toList());
        assertEquals(new RunPlan(16, 2, 2), choice.plan());
        assertEquals(PlanChoice.Basis.MEASUREMENT, choice.basis());
        assertEquals(27.0, choice.imagesPerSecond());
        assertEquals(List.of("1x4 b4", "2x2 b4", "4x1 b4", "2x2 b16", "2x2 b1"),
                choice.candidates().stream().map(figure -> figure.plan().label()).toList(), "each candidate once");
        assertEquals(6, choice.candidates().get(0).runs(), "both visits of a shape count");
        assertEquals(NOW, choice.measuredAt());
        assertEquals(7, choice.measuredOnVersion());
        assertEquals(Collections.nCopies(6, Duration.ofMillis(200)), trial.times.subList(0, 6), "half a share per visit");
        assertEquals(Collections.nCopies(2, Duration.ofMillis(400)), trial.times.subList(6, 8), "a share per batch size");
        assertEquals(List.of(List.of("1x4 b4", "2x2 b4", "4x1 b4"), List.of("1x4 b4", "2x2 b4"), List.of("2x2 b4")),
                trial.retained, "once measured, a shape keeps its sessions only while it is the fastest");
        assertTrue(choice.describe().contains("2x2 b16 27.0"), choice.describe());
    }

    @Test
    void aLaterModelWithTheSameKeyReusesTheMeasurementAndAnotherKeyIsMeasured() {
        RunPlanner planner = planner(Duration.ofSeconds(2));
        PlanChoice first = planner.choose(KEY, SPACE, new FakeTrial(plan -> plan.parallelRuns()), 1);
        FakeTrial again = new FakeTrial(plan -> 1);
        assertSame(first, planner.choose(KEY, SPACE, again, 2));
        assertTrue(again.asked.isEmpty());

        FakeTrial int8 = new FakeTrial(plan -> 10.0 / plan.parallelRuns());
        PlanChoice other = planner.choose(new PlanKey(KEY.backboneId(), KEY.backboneSha256(), Precision.INT8,
                ExecutionProvider.CPU), SPACE, int8, 3);
        assertEquals(SPACE.measuredCount() + SPACE.shapes().size(), int8.asked.size(), "each shape twice");
        assertEquals(1, other.plan().parallelRuns());
    }

    @Test
    void noMeasurementKeepsTheRuleAndOneCandidateIsTakenAsItIs() {
        FakeTrial trial = new FakeTrial(plan -> 1);
        PlanChoice off = planner(Duration.ZERO).choose(KEY, SPACE, trial, 1);
        assertEquals(SPACE.rule(), off.plan());
        assertEquals(PlanChoice.Basis.SETTINGS, off.basis());
        assertTrue(off.candidates().isEmpty());

        PlanSpace one = PlanSpace.of(new PlanConfig(2, List.of("2x2"), List.of(8)), ExecutionProvider.CPU, 4, 16, 0);
        PlanChoice only = planner(Duration.ofSeconds(2)).choose(KEY, one, trial, 1);
        assertEquals(new RunPlan(8, 2, 2), only.plan());
        assertEquals(PlanChoice.Basis.SETTINGS, only.basis());
        assertTrue(trial.asked.isEmpty());
    }

    @Test
    void aFailingMeasurementFallsBackToTheRuleAndIsNotRemembered() {
        RunPlanner planner = planner(Duration.ofSeconds(2));
        PlanChoice failed = planner.choose(KEY, SPACE, new FakeTrial(plan -> {
            throw new IllegalStateException("ONNX Runtime ran out of memory");
        }), 1);
        assertEquals(PlanChoice.Basis.FALLBACK, failed.basis());
        assertEquals(SPACE.rule(), failed.plan());
        assertTrue(failed.note().contains("out of memory"), failed.note());

        FakeTrial next = new FakeTrial(plan -> plan.batchSize());
        assertEquals(PlanChoice.Basis.MEASUREMENT, planner.choose(KEY, SPACE, next, 2).basis());
        assertEquals(SPACE.measuredCount() + SPACE.shapes().size(), next.asked.size());
    }

    /** A clock that moves only when told: each fake run takes the time it is given. */
    private static final class StepClock extends Clock {
        private Instant now = NOW;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void runsFarLongerThanTheirShareStopTheMeasurementAtTwiceItsTime() {
        StepClock clock = new StepClock();
        // Each visit takes 0.6 s against half a share of 0.2 s (2 s for 5 candidates): after the three shapes there
        // and back, 3.6 s are spent; the fastest shape's first other batch size starts before 4 s, the next after.
        FakeTrial trial = new FakeTrial(plan -> {
            clock.advance(Duration.ofMillis(600));
            return plan.batchSize() + plan.parallelRuns();
        });
        PlanChoice choice = new RunPlanner(provider -> SPACE, Duration.ofSeconds(2), clock).choose(KEY, SPACE, trial, 1);
        assertEquals(List.of("1x4 b4", "2x2 b4", "4x1 b4", "4x1 b4", "2x2 b4", "1x4 b4", "4x1 b16"),
                trial.asked.stream().map(RunPlan::label).toList());
        assertEquals(new RunPlan(16, 4, 1), choice.plan());
        assertEquals(4.2, choice.measureSeconds(), 1e-9);
    }

    @Test
    void aTrialThatMeasuresAnotherPlanThanAskedIsAFailure() {
        PlanChoice choice = planner(Duration.ofSeconds(1)).choose(KEY, SPACE, new PlanTrial() {
            @Override
            public PlanFigure run(RunPlan plan, Duration time) {
                RunPlan other = plan.withBatchSize(plan.batchSize() == 1 ? 4 : 1);
                return new PlanFigure(other, 5, other.batchSize(), 1, 0.1);
            }
        }, 1);
        assertEquals(PlanChoice.Basis.FALLBACK, choice.basis());
    }

    @Test
    void figuresMustBeConsistent() {
        RunPlan plan = new RunPlan(4, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> new PlanFigure(plan, 0, 4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PlanFigure(plan, Double.NaN, 4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PlanFigure(plan, 5, 5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PlanChoice(plan, PlanChoice.Basis.MEASUREMENT, null, 5,
                List.of(new PlanFigure(plan.withBatchSize(8), 5, 8, 1, 1)), NOW, 1, 1));
    }
}
