package io.sightline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.contract.Json;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The accuracy–coverage curve and the pictures nearest the unknown threshold, from hand-made inputs. */
class SelectiveMetricsTest {

    @Test
    void accuracyCoverageByHand() {
        // Ten pictures, seven right; two tie at 0.8.
        double[] confidence = {0.8, 0.95, 0.1, 0.9, 0.6, 0.8, 0.3, 0.5, 0.2, 0.4};
        boolean[] correct = {true, true, true, false, false, true, false, true, true, true};
        AccuracyCoverage curve = AccuracyCoverage.of(confidence, correct);

        assertEquals(10, curve.count());
        assertEquals(List.of(
                new AccuracyCoverage.Point(0.95, 1, 0.1, 1.0),
                new AccuracyCoverage.Point(0.9, 2, 0.2, 0.5),
                new AccuracyCoverage.Point(0.8, 4, 0.4, 0.75), // the tie is answered together
                new AccuracyCoverage.Point(0.6, 5, 0.5, 0.6),
                new AccuracyCoverage.Point(0.5, 6, 0.6, 4.0 / 6),
                new AccuracyCoverage.Point(0.4, 7, 0.7, 5.0 / 7),
                new AccuracyCoverage.Point(0.3, 8, 0.8, 5.0 / 8),
                new AccuracyCoverage.Point(0.2, 9, 0.9, 6.0 / 9),
                new AccuracyCoverage.Point(0.1, 10, 1.0, 0.7)), curve.points());
        assertEquals(List.of(
                new AccuracyCoverage.Level(1.0, 0.1, 10, 1.0, 0.7),
                new AccuracyCoverage.Level(0.9, 0.2, 9, 0.9, 6.0 / 9),
                new AccuracyCoverage.Level(0.8, 0.3, 8, 0.8, 5.0 / 8),
                new AccuracyCoverage.Level(0.5, 0.6, 5, 0.5, 0.6)), curve.levels());
    }

    @Test
    void aLevelInsideATieTakesTheLastThresholdBelowTheTarget() {
        AccuracyCoverage curve = AccuracyCoverage.of(new double[] {0.9, 0.7, 0.7, 0.7, 0.2},
                new boolean[] {true, true, false, true, false});
        assertEquals(3, curve.points().size());
        // 90%: 4.5 pictures allowed, the tie at 0.7 makes 4; 50%: 2.5 allowed, the tie would make 4, so only 0.9.
        assertEquals(new AccuracyCoverage.Level(0.9, 0.7, 4, 0.8, 0.75), curve.levels().get(1));
        assertEquals(new AccuracyCoverage.Level(0.5, 0.9, 1, 0.2, 1.0), curve.levels().get(3));

        // Both pictures equally confident: no threshold answers only half of them.
        AccuracyCoverage tied = AccuracyCoverage.of(new double[] {0.8, 0.8}, new boolean[] {true, false});
        AccuracyCoverage.Level half = tied.levels().get(3);
        assertEquals(0, half.answered());
        assertTrue(Double.isNaN(half.threshold()) && Double.isNaN(half.accuracy()), half.toString());
        assertEquals(new AccuracyCoverage.Level(1.0, 0.8, 2, 1.0, 0.5), tied.levels().get(0));
        // As metrics.json stores it, NaN included.
        assertEquals(tied, Json.read(Json.write(tied), AccuracyCoverage.class));
    }

    @Test
    void fromProbabilitiesTheArgMaxIsThePredictionAndItsProbabilityTheConfidence() {
        double[][] p = {{0.2, 0.7, 0.1}, {0.5, 0.5, 0.0}, {0.6, 0.3, 0.1}};
        AccuracyCoverage curve = AccuracyCoverage.of(p, new int[] {1, 1, 0});
        // 0.7 right; 0.6 right; 0.5 predicted class 0 (the first of equals), truth 1: wrong.
        assertEquals(List.of(new AccuracyCoverage.Point(0.7, 1, 1.0 / 3, 1.0),
                new AccuracyCoverage.Point(0.6, 2, 2.0 / 3, 1.0),
                new AccuracyCoverage.Point(0.5, 3, 1.0, 2.0 / 3)), curve.points());
        assertThrows(IllegalArgumentException.class, () -> AccuracyCoverage.of(p, new int[] {1}));
    }

    @Test
    void everyPointIsTheAccuracyOfThePicturesAtOrAboveItsThresholdAndLongCurvesAreThinned() {
        Random random = new Random(5);
        int n = 2000;
        double[] confidence = new double[n];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            confidence[i] = Math.round(random.nextDouble() * 1000) / 1000.0; // ties
            correct[i] = random.nextDouble() < 0.3 + 0.7 * confidence[i];
        }
        AccuracyCoverage curve = AccuracyCoverage.of(confidence, correct);
        List<AccuracyCoverage.Point> points = curve.points();
        assertTrue(points.size() <= AccuracyCoverage.MAX_POINTS + 1 && points.size() >= 90, "" + points.size());
        assertEquals(1.0, points.get(points.size() - 1).coverage());
        for (int k = 0; k < points.size(); k++) {
            AccuracyCoverage.Point point = points.get(k);
            int answered = 0;
            int right = 0;
            for (int i = 0; i < n; i++) {
                if (confidence[i] >= point.threshold()) {
                    answered++;
                    right += correct[i] ? 1 : 0;
                }
            }
            assertEquals(answered, point.answered(), "threshold " + point.threshold());
            assertEquals((double) right / answered, point.accuracy(), 1e-12);
            if (k > 0 && k < points.size() - 1) {
                assertTrue((point.answered() - points.get(k - 1).answered()) * AccuracyCoverage.MAX_POINTS >= n,
                        "thinned: " + points.get(k - 1) + " then " + point);
            }
        }
        // Confidence that tracks correctness: the most confident half is more accurate than all of them.
        assertTrue(curve.levels().get(3).accuracy() > curve.levels().get(0).accuracy(), curve.levels().toString());
    }

    @Test
    void noPicturesAndBadConfidences() {
        AccuracyCoverage empty = AccuracyCoverage.of(new double[0], new boolean[0]);
        assertEquals(List.of(), empty.points());
        assertTrue(empty.levels().stream().allMatch(l -> l.answered() == 0 && Double.isNaN(l.accuracy())));
        assertThrows(IllegalArgumentException.class,
                () -> AccuracyCoverage.of(new double[] {Double.NaN}, new boolean[] {true}));
        assertThrows(IllegalArgumentException.class,
                () -> AccuracyCoverage.of(new double[] {1.5}, new boolean[] {true}));
        assertThrows(IllegalArgumentException.class,
                () -> AccuracyCoverage.of(new double[] {0.5}, new boolean[0]));
    }

    @Test
    void theNearestOnEachSideOfTheThreshold() {
        double[] scores = {0.5, 1.0, 1.2, 1.25, 1.3, 2.0, 5.0, Double.NaN, 1.1};
        List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
        ThresholdNeighbours split = ThresholdNeighbours.of(scores, ids, 1.25, 2);
        // Above: e, f, g and h (not a number counts as unknown) of nine.
        assertEquals(4.0 / 9, split.aboveShare(), 1e-12);
        assertEquals(List.of(new ThresholdNeighbours.Neighbour("c", 1.2, false),
                new ThresholdNeighbours.Neighbour("d", 1.25, false), // at the threshold: known
                new ThresholdNeighbours.Neighbour("e", 1.3, true),
                new ThresholdNeighbours.Neighbour("f", 2.0, true)), split.neighbours());

        assertEquals(List.of(), ThresholdNeighbours.of(scores, ids, 1.25, 0).neighbours());
        ThresholdNeighbours nothingAbove = ThresholdNeighbours.of(new double[] {3, 1}, List.of("x", "y"),
                Double.POSITIVE_INFINITY, 5);
        assertEquals(0.0, nothingAbove.aboveShare());
        assertEquals(List.of("y", "x"), nothingAbove.neighbours().stream()
                .map(ThresholdNeighbours.Neighbour::itemId).toList());
        assertTrue(Double.isNaN(ThresholdNeighbours.of(new double[0], List.of(), 1, 3).aboveShare()));
        assertEquals(split, Json.read(Json.write(split), ThresholdNeighbours.class));
        assertThrows(IllegalArgumentException.class, () -> ThresholdNeighbours.of(scores, ids, Double.NaN, 2));
        assertThrows(IllegalArgumentException.class, () -> ThresholdNeighbours.of(scores, List.of("a"), 1, 2));
    }
}
