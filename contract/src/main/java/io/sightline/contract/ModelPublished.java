package io.sightline.contract;

import java.time.Instant;
import java.util.List;

/** One event per promoted model version, on {@code sightline.models} keyed by model name (SPEC section 2). */
public record ModelPublished(
        String name,
        int version,
        ObjectRef artifact,
        String sha256,
        List<String> labels,
        BackboneInfo backbone,
        ModelMetrics metrics,
        TrainedOn trainedOn,
        Instant createdAt) {

    public static final String DEFAULT_NAME = "default";

    public ModelPublished {
        Checks.text(name, Limits.NAME, "name");
        Checks.positive(version, "version");
        Checks.notNull(artifact, "artifact");
        Checks.text(sha256, Limits.SHA256_HEX, "sha256");
        Checks.maxSize(Checks.notNull(labels, "labels"), Limits.LABELS, "labels");
        labels.forEach(label -> Checks.text(label, Limits.LABEL, "label"));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a model needs at least two labels, had " + labels);
        }
        labels = List.copyOf(labels);
        Checks.notNull(backbone, "backbone");
        Checks.notNull(metrics, "metrics");
        Checks.notNull(trainedOn, "trainedOn");
        Checks.notNull(createdAt, "createdAt");
    }
}
