package io.sightline.metrics;

import java.util.List;

/**
 * Counts of (true class, predicted class).
 *
 * @param labels class names, the order of rows and columns
 * @param matrix {@code matrix[truth][predicted]}
 */
public record ConfusionMatrix(List<String> labels, int[][] matrix) {

    public ConfusionMatrix {
        labels = List.copyOf(labels);
        if (matrix.length != labels.size()) {
            throw new IllegalArgumentException("one row per label needed");
        }
        for (int[] row : matrix) {
            if (row.length != labels.size()) {
                throw new IllegalArgumentException("one column per label needed");
            }
        }
    }

    /** Number of examples of class {@code truth} predicted as {@code predicted}. */
    public int count(int truth, int predicted) {
        return matrix[truth][predicted];
    }
}
