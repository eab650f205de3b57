package io.sightline.cli.bench;

import io.sightline.train.LogisticRegressionTrainer;
import io.sightline.train.TrainingData;
import io.sightline.train.TrainingOptions;
import io.sightline.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Step 4a: the logistic-regression head on synthetic embeddings (10 Gaussian centres of norm 3, unit
 * noise, every feature shifted by +3), with the defaults and a 5% validation set as the trainer uses.
 */
final class TrainStage {
    private final int images;
    private final int dimension;
    private final int classes;

    TrainStage(int images, int dimension, int classes) {
        this.images = images;
        this.dimension = dimension;
        this.classes = classes;
    }

    BenchResult.Train run(Progress progress) {
        progress.line("head training, " + images + " x " + dimension + ", " + classes + " classes");
        SplittableRandom random = new SplittableRandom(11);
        float[][] centres = new float[classes][dimension];
        for (float[] centre : centres) {
            double norm = 0;
            for (int d = 0; d < dimension; d++) {
                centre[d] = (float) gaussian(random);
                norm += centre[d] * centre[d];
            }
            double scale = 3 / Math.sqrt(norm);
            for (int d = 0; d < dimension; d++) {
                centre[d] *= (float) scale;
            }
        }
        TrainingData train = synthetic(centres, images, random);
        TrainingData validation = synthetic(centres, Math.max(1, images / 20), random);
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            labels.add("class-" + c);
        }
        long started = System.nanoTime();
        TrainingResult result = new LogisticRegressionTrainer(TrainingOptions.defaults())
                .train(train, validation, labels, null);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new BenchResult.Train(Rate.round(seconds, 3), images, dimension, classes, result.iterations(),
                result.stopReason());
    }

    private TrainingData synthetic(float[][] centres, int rows, SplittableRandom random) {
        float[][] features = new float[rows][dimension];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            int c = i % classes;
            labels[i] = c;
            for (int d = 0; d < dimension; d++) {
                features[i][d] = (float) (centres[c][d] + gaussian(random) + 3);
            }
        }
        return new TrainingData(features, labels);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
