package io.sightline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The binary AUROC behind the known-vs-unknown measurement, and the reliability bins behind the ECE. */
class OpenSetMetricsTest {

    @Test
    void aurocByHand() {
        // Positives 0.9, 0.4, 0.6; negatives 0.1, 0.4, 0.5: pairs won 3 + (0.5 + 1 + 0) ... counted below.
        boolean[] positive = {true, true, true, false, false, false};
        double[] scores = {0.9, 0.4, 0.6, 0.1, 0.4, 0.5};
        // 0.9 beats 3; 0.4 beats 0.1, ties 0.4 (0.5), loses to 0.5 -> 1.5; 0.6 beats 3: 7.5 of 9.
        assertEquals(7.5 / 9, RocAuc.binary(positive, scores), 1e-12);
        assertEquals(1.0, RocAuc.binary(new boolean[] {false, true}, new double[] {1, 2}));
        assertEquals(0.0, RocAuc.binary(new boolean[] {false, true}, new double[] {2, 1}));
        assertTrue(Double.isNaN(RocAuc.binary(new boolean[] {true, true}, new double[] {1, 2})));
    }

    @Test
    void aurocIsTheShareOfPairsRankedRight() {
        Random random = new Random(11);
        int n = 301;
        boolean[] positive = new boolean[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            positive[i] = random.nextDouble() < 0.3;
            scores[i] = Math.round((random.nextGaussian() + (positive[i] ? 0.7 : 0)) * 4) / 4.0; // many ties
        }
        double won = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    won += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(won / pairs, RocAuc.binary(positive, scores), 1e-12);
    }

    @Test
    void expectedCalibrationErrorByHand() {
        // Two pictures at 0.95 (one right), two at 0.55 (both right) with 10 bins.
        double[][] p = {{0.95, 0.05}, {0.95, 0.05}, {0.55, 0.45}, {0.45, 0.55}};
        int[] truth = {0, 1, 0, 1};
        Reliability reliability = Reliability.of(p, truth, 10);
        assertEquals(10, reliability.bins().size());
        Reliability.Bin high = reliability.bins().get(9);
        assertEquals(2, high.count());
        assertEquals(0.5, high.accuracy(), 1e-12);
        assertEquals(0.95, high.confidence(), 1e-12);
        assertEquals(2, reliability.bins().get(5).count());
        assertEquals(0.5 * 0.45 + 0.5 * 0.45, reliability.ece(), 1e-12);
        assertTrue(Double.isNaN(reliability.bins().get(0).accuracy()));
        assertEquals(1.0, Reliability.of(new double[][] {{1.0, 0.0}}, new int[] {1}, 15).ece(), 1e-12);
    }
}
