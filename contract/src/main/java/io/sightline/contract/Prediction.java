package io.sightline.contract;

/** One label and its probability. */
public record Prediction(String label, double probability) {
    public Prediction {
        Checks.text(label, Limits.LABEL, "label");
    }
}
