package io.sightline.metrics;

import java.util.Arrays;
import java.util.Comparator;

/** Rank-based (Mann-Whitney) one-vs-rest ROC AUC; tied scores count one half. */
final class RocAuc {

    private RocAuc() {
    }

    /** AUC of {@code probabilities[i][positive]} for {@code truth[i] == positive}; NaN if one side is empty. */
    static double oneVsRest(int[] truth, double[][] probabilities, int positive) {
        int n = truth.length;
        long positives = Arrays.stream(truth).filter(t -> t == positive).count();
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> probabilities[i][positive]));
        double positiveRankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            double score = probabilities[order[i]][positive];
            while (j + 1 < n && probabilities[order[j + 1]][positive] == score) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (truth[order[t]] == positive) {
                    positiveRankSum += averageRank;
                }
            }
            i = j + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
