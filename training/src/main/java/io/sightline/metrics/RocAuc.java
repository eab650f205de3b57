package io.sightline.metrics;

import java.util.Arrays;
import java.util.Comparator;

/** Rank-based (Mann-Whitney) ROC AUC; tied scores count one half. */
public final class RocAuc {

    private RocAuc() {
    }

    /** AUC of {@code probabilities[i][positive]} for {@code truth[i] == positive}; NaN if one side is empty. */
    static double oneVsRest(int[] truth, double[][] probabilities, int positive) {
        boolean[] isPositive = new boolean[truth.length];
        double[] scores = new double[truth.length];
        for (int i = 0; i < truth.length; i++) {
            isPositive[i] = truth[i] == positive;
            scores[i] = probabilities[i][positive];
        }
        return binary(isPositive, scores);
    }

    /**
     * The probability that a random positive scores higher than a random negative (ties count one half): the
     * area under the ROC curve of {@code scores} for telling {@code positive[i]} apart. NaN if one side is empty.
     */
    public static double binary(boolean[] positive, double[] scores) {
        int n = positive.length;
        if (scores.length != n) {
            throw new IllegalArgumentException("positive and scores differ in length");
        }
        long positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            double score = scores[order[i]];
            while (j + 1 < n && scores[order[j + 1]] == score) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    positiveRankSum += averageRank;
                }
            }
            i = j + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
