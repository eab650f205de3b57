package io.sightline.train;

import io.sightline.metrics.Evaluation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticRegressionTrainerTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    private static TrainingOptions tight(double l2) {
        return TrainingOptions.defaults().withL2(l2).withGradientTolerance(1e-10).withMaxIterations(500);
    }

    @Test
    void multiclassOptimumMatchesIndependentGradientDescent() {
        TrainingData data = Synthetic.clusters(30, 4, 3, 1.5, 11);
        assertMatchesReference(data, ABC, 0.05);
    }

    @Test
    void binaryOptimumMatchesIndependentGradientDescent() {
        TrainingData data = Synthetic.clusters(40, 5, 2, 1.0, 12);
        assertMatchesReference(data, List.of("no", "yes"), 0.02);
    }

    private static void assertMatchesReference(TrainingData data, List<String> labels, double l2) {
        TrainingResult result = new LogisticRegressionTrainer(tight(l2))
                .train(data, TrainingData.empty(), labels, null);
        assertTrue(result.converged(), result.stopReason());
        assertEquals(TrainingResult.STOP_CONVERGED, result.stopReason());
        assertTrue(result.finalGradientNorm() <= 1e-10, "gradient norm " + result.finalGradientNorm());

        ReferenceSoftmax reference = new ReferenceSoftmax(data, labels.size(), l2);
        reference.solve(1e-12, 5_000_000);
        TrainedHead head = result.head();
        for (int d = 0; d < data.dimension(); d++) {
            assertEquals(reference.mean[d], head.featureMean()[d], 1e-6);
            assertEquals(reference.std[d], head.featureStd()[d], 1e-6);
        }
        for (int k = 0; k < labels.size(); k++) {
            for (int d = 0; d < data.dimension(); d++) {
                assertEquals(reference.w[k][d], head.weights()[k][d], 2e-6, "w[" + k + "][" + d + "]");
            }
            assertEquals(reference.b[k], head.bias()[k], 2e-6, "b[" + k + "]");
        }
        // The trained weights also satisfy the reference's optimality condition (up to float rounding).
        for (int k = 0; k < labels.size(); k++) {
            for (int d = 0; d < data.dimension(); d++) {
                reference.w[k][d] = head.weights()[k][d];
            }
            reference.b[k] = head.bias()[k];
        }
        assertTrue(ReferenceSoftmax.norm(reference.gradient()) < 1e-5);
        // And the head's own probabilities agree with the reference model.
        double[] p = head.probabilities(data.features()[0]);
        double[] q = reference.probabilities(reference.z[0]);
        assertArrayEquals(q, p, 1e-5);
    }

    @Test
    void sameInputGivesIdenticalWeightsForAnyThreadCount() {
        TrainingData data = Synthetic.clusters(1500, 40, 3, 2.0, 21);
        TrainingData validation = Synthetic.clusters(300, 40, 3, 2.0, 22);
        TrainingOptions options = TrainingOptions.defaults().withMaxIterations(30);
        TrainedHead one = new LogisticRegressionTrainer(options.withThreads(1)).train(data, validation, ABC, null).head();
        TrainedHead again = new LogisticRegressionTrainer(options.withThreads(1)).train(data, validation, ABC, null).head();
        TrainedHead two = new LogisticRegressionTrainer(options.withThreads(2)).train(data, validation, ABC, null).head();
        TrainedHead three = new LogisticRegressionTrainer(options.withThreads(3)).train(data, validation, ABC, null).head();
        for (TrainedHead other : List.of(again, two, three)) {
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(one.weights()[k], other.weights()[k]);
            }
            assertArrayEquals(one.bias(), other.bias());
            assertArrayEquals(one.featureMean(), other.featureMean());
            assertArrayEquals(one.featureStd(), other.featureStd());
        }
    }

    @Test
    void listenerGetsOneSensibleCallbackPerIteration() {
        TrainingData data = Synthetic.clusters(600, 20, 3, 1.0, 31);
        TrainingData validation = Synthetic.clusters(90, 20, 3, 1.0, 32);
        List<IterationProgress> seen = new ArrayList<>();
        TrainingResult result = new LogisticRegressionTrainer(TrainingOptions.defaults().withEarlyStoppingPatience(0))
                .train(data, validation, ABC, seen::add);
        assertEquals(result.iterations(), seen.size());
        assertEquals(result.history(), seen);
        for (int i = 0; i < seen.size(); i++) {
            IterationProgress p = seen.get(i);
            assertEquals(i + 1, p.iteration());
            assertTrue(p.trainAccuracy() >= 0 && p.trainAccuracy() <= 1);
            assertTrue(p.validationAccuracy() >= 0 && p.validationAccuracy() <= 1);
            assertTrue(p.validationLoss() > 0);
            assertTrue(p.elapsedMillis() >= 0);
            if (i > 0) {
                double previous = seen.get(i - 1).trainLoss();
                assertTrue(p.trainLoss() <= previous + 1e-12 * previous, "objective must not increase");
                assertTrue(p.elapsedMillis() >= seen.get(i - 1).elapsedMillis());
            }
        }
        assertTrue(seen.get(seen.size() - 1).trainLoss() < seen.get(0).trainLoss());
        assertTrue(seen.get(0).trainLoss() < Math.log(3) + 1e-9);
        // Patience 0 returns the final weights: the last reported accuracies are those of the returned head.
        IterationProgress last = seen.get(seen.size() - 1);
        assertEquals(accuracy(result.head(), data), last.trainAccuracy(), 1.0 / data.size());
        assertEquals(accuracy(result.head(), validation), last.validationAccuracy(), 1.0 / validation.size());
    }

    private static double accuracy(TrainedHead head, TrainingData data) {
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            if (Evaluation.argMax(head.probabilities(data.features()[i])) == data.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / data.size();
    }

    @Test
    void noValidationSetReportsNaN() {
        TrainingData data = Synthetic.clusters(60, 5, 3, 1.0, 41);
        TrainingResult result = new LogisticRegressionTrainer(TrainingOptions.defaults())
                .train(data, TrainingData.empty(), ABC, null);
        assertFalse(result.history().isEmpty());
        assertTrue(Double.isNaN(result.history().get(0).validationAccuracy()));
        assertTrue(Double.isNaN(result.history().get(0).validationLoss()));
    }

    @Test
    void earlyStoppingKeepsBestValidationWeights() {
        // 20 rows, 300 noisy dimensions, one weakly informative one, almost no regularisation: it overfits.
        Random random = new Random(51);
        TrainingData train = noisy(20, 300, random);
        TrainingData validation = noisy(400, 300, random);
        TrainingOptions options = TrainingOptions.defaults().withL2(1e-6).withEarlyStoppingPatience(5)
                .withMaxIterations(200);
        TrainingResult result = new LogisticRegressionTrainer(options)
                .train(train, validation, List.of("neg", "pos"), null);
        assertEquals(TrainingResult.STOP_EARLY, result.stopReason());
        assertFalse(result.converged());
        List<IterationProgress> history = result.history();
        int bestIndex = 0;
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i).validationLoss() < history.get(bestIndex).validationLoss()) {
                bestIndex = i;
            }
        }
        assertEquals(history.size() - 1 - 5, bestIndex, "stops exactly 5 iterations after the best");
        double best = history.get(bestIndex).validationLoss();
        double last = history.get(history.size() - 1).validationLoss();
        assertTrue(last > best);
        double headLoss = logLoss(result.head(), validation);
        assertEquals(best, headLoss, 1e-4 * best);
    }

    private static TrainingData noisy(int rows, int dim, Random random) {
        float[][] x = new float[rows][dim];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % 2;
            for (int d = 0; d < dim; d++) {
                x[i][d] = (float) random.nextGaussian();
            }
            x[i][0] += y[i] == 1 ? 0.5f : -0.5f;
        }
        return new TrainingData(x, y);
    }

    private static double logLoss(TrainedHead head, TrainingData data) {
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            total -= Math.log(head.probabilities(data.features()[i])[data.labels()[i]]);
        }
        return total / data.size();
    }

    @Test
    void separatesGaussianClustersOnHeldOutData() {
        int dim = 64;
        int classes = 5;
        Random random = new Random(61);
        double[][] centres = new double[classes][dim];
        for (double[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = random.nextGaussian() * 0.5;
            }
        }
        TrainingData train = Synthetic.sample(2000, centres, new Random(62));
        TrainingData test = Synthetic.sample(1000, centres, new Random(63));
        List<String> labels = List.of("a", "b", "c", "d", "e");
        TrainedHead head = new LogisticRegressionTrainer(TrainingOptions.defaults())
                .train(train, TrainingData.empty(), labels, null).head();
        double[][] probabilities = new double[test.size()][];
        for (int i = 0; i < test.size(); i++) {
            probabilities[i] = head.probabilities(test.features()[i]);
        }
        Evaluation evaluation = Evaluation.of(labels, test.labels(), probabilities, null);
        assertTrue(evaluation.accuracy() > 0.95, "accuracy " + evaluation.accuracy());
        assertTrue(evaluation.macroRocAuc() > 0.99);
    }

    @Test
    void balancedWeightsAreInverseClassFrequency() {
        double[] w = LogisticRegressionTrainer.balancedWeights(new int[] {0, 0, 0, 1}, 3);
        assertArrayEquals(new double[] {4 / 6.0, 4 / 6.0, 4 / 6.0, 2.0}, w, 1e-12);
    }

    @Test
    void balancedTrainingConverges() {
        TrainingData data = Synthetic.clusters(90, 6, 3, 1.0, 71);
        TrainingResult result = new LogisticRegressionTrainer(tight(0.01).withBalancedClassWeights(true))
                .train(data, TrainingData.empty(), ABC, null);
        assertTrue(result.converged());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingData(new float[2][3], new int[1]));
        assertThrows(IllegalArgumentException.class, () -> new TrainingData(new float[1][3], new int[] {-1}));
        TrainingData data = new TrainingData(new float[][] {{1, 2}, {3, 4}}, new int[] {0, 3});
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer(TrainingOptions.defaults());
        assertThrows(IllegalArgumentException.class, () -> trainer.train(data, TrainingData.empty(), ABC, null));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.defaults().withL2(-1));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.defaults().withThreads(0));
    }
}
