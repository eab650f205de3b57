package io.sightline.train;

import java.util.List;

/**
 * A trained classification head: softmax(W * ((x - featureMean) / featureStd) + b).
 *
 * @param labels      class labels, index = class id
 * @param weights     [classes][dimension]
 * @param bias        [classes]
 * @param featureMean [dimension], the standardisation the weights expect
 * @param featureStd  [dimension], never zero
 */
public record TrainedHead(List<String> labels, float[][] weights, float[] bias, float[] featureMean, float[] featureStd) {

    public TrainedHead {
        labels = List.copyOf(labels);
        if (weights.length != labels.size() || bias.length != labels.size()) {
            throw new IllegalArgumentException("weights and bias need one row per label");
        }
        for (float[] row : weights) {
            if (row.length != featureMean.length) {
                throw new IllegalArgumentException("every weight row needs " + featureMean.length + " values");
            }
        }
        if (featureStd.length != featureMean.length) {
            throw new IllegalArgumentException("featureMean and featureStd differ in length");
        }
    }

    public int dimension() {
        return featureMean.length;
    }

    public int classes() {
        return labels.size();
    }

    /** Class probabilities for one feature vector, computed in double precision. */
    public double[] probabilities(float[] features) {
        return softmax(logits(features));
    }

    /** The scores before the softmax, {@code W z + b}, in double precision. */
    public double[] logits(float[] features) {
        double[] logits = new double[classes()];
        for (int c = 0; c < logits.length; c++) {
            double sum = bias[c];
            float[] row = weights[c];
            for (int d = 0; d < row.length; d++) {
                sum += row[d] * ((features[d] - featureMean[d]) / featureStd[d]);
            }
            logits[c] = sum;
        }
        return logits;
    }

    /**
     * This head with its logits divided by {@code temperature} (weights and bias scaled by {@code 1 / T}): the
     * same predictions, probabilities softened ({@code T > 1}) or sharpened ({@code T < 1}).
     */
    public TrainedHead withTemperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0: " + temperature);
        }
        float[][] scaled = new float[weights.length][];
        float[] scaledBias = new float[bias.length];
        for (int c = 0; c < weights.length; c++) {
            scaled[c] = new float[weights[c].length];
            for (int d = 0; d < weights[c].length; d++) {
                scaled[c][d] = (float) (weights[c][d] / temperature);
            }
            scaledBias[c] = (float) (bias[c] / temperature);
        }
        return new TrainedHead(labels, scaled, scaledBias, featureMean, featureStd);
    }

    /** {@code softmax(logits)} in place, returned. */
    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit);
        }
        double total = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            total += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= total;
        }
        return logits;
    }
}
