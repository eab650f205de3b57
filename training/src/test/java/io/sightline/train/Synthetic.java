package io.sightline.train;

import java.util.Random;

/** Synthetic data for the tests and the benchmark. */
final class Synthetic {

    private Synthetic() {
    }

    /** Gaussian clusters: class c centred at a random point of norm {@code separation}, unit noise. */
    static TrainingData clusters(int rows, int dim, int classes, double separation, long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[classes][dim];
        for (double[] centre : centres) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                centre[d] = random.nextGaussian();
                norm += centre[d] * centre[d];
            }
            double scale = separation / Math.sqrt(norm);
            for (int d = 0; d < dim; d++) {
                centre[d] *= scale;
            }
        }
        return sample(rows, centres, new Random(seed + 1));
    }

    /** Rows drawn around the given centres (class = i mod classes), unit noise, shifted by 3 so means are non-zero. */
    static TrainingData sample(int rows, double[][] centres, Random random) {
        int dim = centres[0].length;
        float[][] features = new float[rows][dim];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            int c = i % centres.length;
            labels[i] = c;
            for (int d = 0; d < dim; d++) {
                features[i][d] = (float) (3 + centres[c][d] + random.nextGaussian());
            }
        }
        return new TrainingData(features, labels);
    }
}
