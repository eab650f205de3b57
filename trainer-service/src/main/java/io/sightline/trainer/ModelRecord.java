package io.sightline.trainer;

import io.sightline.events.BackboneInfo;
import io.sightline.events.ModelMetrics;
import io.sightline.events.ObjectRef;
import io.sightline.events.TrainedOn;
import io.sightline.metrics.Evaluation;
import io.sightline.train.IterationProgress;
import java.time.Instant;
import java.util.List;

/**
 * Everything known about one candidate version, stored as {@code metrics.json} next to its model:
 * what {@code GET /api/models/{version}} returns.
 *
 * @param status promoted or rejected
 * @param reason why it was rejected (or what it was compared with when promoted)
 */
public record ModelRecord(
        String name,
        int version,
        String status,
        String reason,
        Instant createdAt,
        ObjectRef artifact,
        String sha256,
        List<String> labels,
        BackboneInfo backbone,
        ModelMetrics metrics,
        TrainedOn trainedOn,
        Evaluation evaluation,
        List<IterationProgress> history,
        String stopReason,
        double trainSeconds,
        Integer comparedWithVersion,
        Double servingAccuracy,
        List<TestItem> testItems) {

    public static final String PROMOTED = "promoted";
    public static final String REJECTED = "rejected";

    public boolean promoted() {
        return PROMOTED.equals(status);
    }

    /** A test picture: where it came from and its true label (for the report and the quickstart). */
    public record TestItem(String imageId, String source, String label, ObjectRef object) {
    }
}
