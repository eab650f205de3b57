package io.sightline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.metrics.Evaluation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Temperature scaling, the unknown detector and their calibration on held-out rows. */
class CalibrationTest {

    @Test
    void theTemperatureUndoesAKnownOverconfidence() {
        // Logits whose softmax is calibrated by construction (labels drawn from it), then sharpened 3 times.
        Random random = new Random(4);
        int n = 4000;
        double[][] logits = new double[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                logits[i][c] = random.nextGaussian() * 1.5;
            }
            double[] p = TrainedHead.softmax(logits[i].clone());
            double u = random.nextDouble();
            labels[i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            for (int c = 0; c < 3; c++) {
                logits[i][c] *= 3;
            }
        }
        double temperature = TemperatureScaling.fit(logits, labels);
        assertEquals(3, temperature, 0.25);
        assertTrue(TemperatureScaling.nll(logits, labels, temperature) < TemperatureScaling.nll(logits, labels, 1));
        assertTrue(TemperatureScaling.nll(logits, labels, temperature)
                <= TemperatureScaling.nll(logits, labels, temperature * 1.05) + 1e-12);
        assertTrue(TemperatureScaling.nll(logits, labels, temperature)
                <= TemperatureScaling.nll(logits, labels, temperature / 1.05) + 1e-12);
    }

    @Test
    void perfectlySeparatedRowsStopAtTheLowestTemperature() {
        double[][] logits = {{2, -2}, {-3, 3}};
        assertEquals(TemperatureScaling.MIN, TemperatureScaling.fit(logits, new int[] {0, 1}), 1e-9);
        assertEquals(TemperatureScaling.MAX, TemperatureScaling.fit(logits, new int[] {1, 0}), 1e-9);
    }

    @Test
    void aTemperatureKeepsPredictionsAndSoftensProbabilities() {
        TrainingData data = Synthetic.clusters(60, 8, 3, 3, 1);
        TrainedHead head = new LogisticRegressionTrainer(TrainingOptions.defaults().withThreads(1))
                .train(data, TrainingData.empty(), List.of("a", "b", "c"), null).head();
        TrainedHead soft = head.withTemperature(2);
        for (float[] row : data.features()) {
            double[] p = head.probabilities(row);
            double[] q = soft.probabilities(row);
            int best = Evaluation.argMax(p);
            assertEquals(best, Evaluation.argMax(q));
            assertTrue(q[best] <= p[best] + 1e-9);
            double[] logits = head.logits(row);
            assertEquals(logits[0] / 2, soft.logits(row)[0], 1e-4);
        }
    }

    @Test
    void theThresholdCallsTheChosenShareUnknown() {
        double[] scores = new double[100];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i * 37) % 100; // 0..99 shuffled
        }
        double threshold = HeadCalibrator.threshold(scores, 0.05);
        long above = java.util.Arrays.stream(scores).filter(s -> s > threshold).count();
        assertEquals(5, above);
        assertEquals(94, threshold);
        assertEquals(99, HeadCalibrator.threshold(scores, 0));
        assertEquals(Double.POSITIVE_INFINITY, HeadCalibrator.threshold(new double[0], 0.05));
    }

    @Test
    void theDetectorFlagsAClusterItWasNotTrainedOn() {
        Random random = new Random(3);
        double[][] centres = new double[3][16];
        for (double[] centre : centres) {
            for (int d = 0; d < centre.length; d++) {
                centre[d] = random.nextGaussian() * 4;
            }
        }
        TrainingData known = Synthetic.sample(120, new double[][] {centres[0], centres[1]}, new Random(5));
        TrainingData heldOut = Synthetic.sample(60, new double[][] {centres[0], centres[1]}, new Random(6));
        TrainingData unseen = Synthetic.sample(60, new double[][] {centres[2]}, new Random(7));
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer(TrainingOptions.defaults().withThreads(1));
        List<String> labels = List.of("a", "b");
        TrainingResult trained = trainer.train(known, TrainingData.empty(), labels, null);
        HeadCalibrator.Calibrated calibrated = new HeadCalibrator(trainer, UnknownDetector.Options.DEFAULTS, 0.05)
                .calibrate(trained, known, TrainingData.empty(), labels);
        assertEquals(HeadCalibrator.HeldOut.CROSS_VALIDATION, calibrated.heldOut());
        assertEquals(120, calibrated.heldOutRows());
        UnknownDetector detector = calibrated.detector();
        long falseUnknown = java.util.Arrays.stream(heldOut.features()).filter(x -> detector.score(x) > detector.threshold()).count();
        long caught = java.util.Arrays.stream(unseen.features()).filter(x -> detector.score(x) > detector.threshold()).count();
        assertTrue(falseUnknown <= 9, "about 5% of 60 known rows called unknown, was " + falseUnknown);
        assertEquals(60, caught, "every row of the unseen cluster is unknown");
        double typical = detector.score(heldOut.features()[0]);
        assertTrue(typical > 0.3 && typical < 3, "a known row scores about 1: " + typical);
    }

    @Test
    void enoughValidationRowsAreUsedInsteadOfFolds() {
        TrainingData train = Synthetic.clusters(200, 6, 2, 3, 8);
        TrainingData validation = Synthetic.clusters(HeadCalibrator.MIN_VALIDATION_ROWS, 6, 2, 3, 8);
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer(TrainingOptions.defaults().withThreads(1));
        TrainingResult trained = trainer.train(train, validation, List.of("a", "b"), null);
        HeadCalibrator.Calibrated calibrated = new HeadCalibrator(trainer, UnknownDetector.Options.DEFAULTS, 0.1)
                .calibrate(trained, train, validation, List.of("a", "b"));
        assertEquals(HeadCalibrator.HeldOut.VALIDATION, calibrated.heldOut());
        assertEquals(HeadCalibrator.MIN_VALIDATION_ROWS, calibrated.heldOutRows());
        assertEquals(0.1, calibrated.falseUnknownRate());
    }

    @Test
    void foldHeadsTrainNoLongerThanTheHeadTheyStandFor() {
        TrainingData known = Synthetic.clusters(120, 6, 2, 3, 8);
        List<String> labels = List.of("a", "b");
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer(TrainingOptions.defaults().withThreads(1));
        TrainingResult full = trainer.train(known, TrainingData.empty(), labels, null);
        TrainingResult stoppedAtOne = new LogisticRegressionTrainer(trainer.options().withMaxIterations(1))
                .train(known, TrainingData.empty(), labels, null);
        HeadCalibrator calibrator = new HeadCalibrator(trainer, UnknownDetector.Options.DEFAULTS, 0.05);
        double fullTemperature = calibrator.calibrate(full, known, TrainingData.empty(), labels).temperature();
        // One iteration leaves the fold heads far less sure than fully trained ones: another temperature fits them.
        double oneTemperature = calibrator.calibrate(stoppedAtOne, known, TrainingData.empty(), labels).temperature();
        assertTrue(full.iterations() > 1, "the full training runs more than one iteration: " + full.iterations());
        assertTrue(Math.abs(fullTemperature - oneTemperature) > 0.05 * fullTemperature,
                "fold heads of one iteration vs " + full.iterations() + ": " + oneTemperature + " vs " + fullTemperature);
    }

    @Test
    void foldsShareEveryClass() {
        int[] labels = {0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1};
        int[] folds = HeadCalibrator.folds(labels, 2);
        int[][] perFold = new int[HeadCalibrator.FOLDS][2];
        for (int i = 0; i < labels.length; i++) {
            perFold[folds[i]][labels[i]]++;
        }
        for (int[] fold : perFold) {
            assertTrue(fold[0] >= 1 && fold[1] >= 1, java.util.Arrays.toString(fold));
        }
    }

    @Test
    void jacobiRebuildsTheMatrix() {
        Random random = new Random(1);
        int n = 12;
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += b[i][k] * b[j][k];
                }
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(a);
        for (int k = 1; k < n; k++) {
            assertTrue(eigen.values()[k] <= eigen.values()[k - 1]);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double rebuilt = 0;
                for (int k = 0; k < n; k++) {
                    rebuilt += eigen.values()[k] * eigen.vectors()[k][i] * eigen.vectors()[k][j];
                }
                assertEquals(a[i][j], rebuilt, 1e-8);
            }
        }
    }
}
