package io.sightline.trainer;

import io.sightline.metrics.ClassMetrics;
import io.sightline.metrics.Evaluation;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a candidate replaces the serving model, both measured on the current test set:
 * accuracy may drop by at most {@code accuracyTolerance}, and no class's recall by more than
 * {@code recallTolerance}.
 */
public final class Gate {
    private final double accuracyTolerance;
    private final double recallTolerance;

    public Gate(double accuracyTolerance, double recallTolerance) {
        this.accuracyTolerance = accuracyTolerance;
        this.recallTolerance = recallTolerance;
    }

    /** The verdict and its reason. */
    public record Decision(boolean promote, String reason) {
    }

    /** With no serving model, any candidate is promoted. */
    public Decision firstModel() {
        return new Decision(true, "first model");
    }

    public Decision decide(Evaluation candidate, Evaluation serving, int servingVersion) {
        if (candidate.accuracy() < serving.accuracy() - accuracyTolerance) {
            return new Decision(false, String.format(Locale.ROOT,
                    "accuracy %.3f is below version %d's %.3f on the same test set by more than %.3f",
                    candidate.accuracy(), servingVersion, serving.accuracy(), accuracyTolerance));
        }
        Map<String, Double> servingRecall = new HashMap<>();
        for (ClassMetrics metrics : serving.perClass()) {
            servingRecall.put(metrics.label(), metrics.recall());
        }
        for (ClassMetrics metrics : candidate.perClass()) {
            Double before = servingRecall.get(metrics.label());
            if (before != null && metrics.support() > 0 && metrics.recall() < before - recallTolerance) {
                return new Decision(false, String.format(Locale.ROOT,
                        "recall of '%s' drops from %.3f (version %d) to %.3f, more than %.3f",
                        metrics.label(), before, servingVersion, metrics.recall(), recallTolerance));
            }
        }
        return new Decision(true, String.format(Locale.ROOT, "accuracy %.3f vs %.3f of version %d",
                candidate.accuracy(), serving.accuracy(), servingVersion));
    }
}
