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
        double[] logits = new double[classes()];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logits.length; c++) {
            double sum = bias[c];
            float[] row = weights[c];
            for (int d = 0; d < row.length; d++) {
                sum += row[d] * ((features[d] - featureMean[d]) / featureStd[d]);
            }
            logits[c] = sum;
            max = Math.max(max, sum);
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
