package io.sightline.train;

/**
 * Feature rows and their class ids. The arrays are used as given (not copied: a 100,000 x 2048 set is 800 MB).
 *
 * @param features one row per example, all of the same length
 * @param labels   class id per row, {@code >= 0}
 */
public record TrainingData(float[][] features, int[] labels) {

    public TrainingData {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("features and labels are required");
        }
        if (features.length != labels.length) {
            throw new IllegalArgumentException(
                    "features and labels differ in length: " + features.length + " != " + labels.length);
        }
        for (int i = 0; i < features.length; i++) {
            if (features[i] == null || features[i].length != features[0].length) {
                throw new IllegalArgumentException("row " + i + " differs in length from row 0");
            }
            if (labels[i] < 0) {
                throw new IllegalArgumentException("row " + i + " has a negative label: " + labels[i]);
            }
        }
    }

    /** An empty set (e.g. no validation set). */
    public static TrainingData empty() {
        return new TrainingData(new float[0][], new int[0]);
    }

    public int size() {
        return labels.length;
    }

    public boolean isEmpty() {
        return labels.length == 0;
    }

    /** Row length, or -1 when empty. */
    public int dimension() {
        return features.length == 0 ? -1 : features[0].length;
    }

    /** Throws unless every label is below {@code classes}. */
    public void requireLabelsBelow(int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException(
                        "row " + i + " has label " + labels[i] + " but there are only " + classes + " classes");
            }
        }
    }
}
