package io.sightline.inference.model;

import io.sightline.contract.BackboneInfo;
import io.sightline.inference.plan.PlanChoice;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.Precision;
import io.sightline.onnx.UnknownThreshold;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/model} shows about the serving model.
 *
 * @param name     model name
 * @param version  version being served
 * @param labels   labels, index = output column
 * @param provider the execution provider actually used (CPU after an AUTO fallback)
 * @param backbone the feature extractor the model stands on
 * @param sha256   SHA-256 of the model.onnx bytes, as verified
 * @param loadedAt when this version started serving
 * @param precision what the model computes in (its metadata; fp32 for models that do not say)
 * @param unknown  how its unknown score is read (method, threshold, false-unknown rate); null for a model without
 * @param runPlan  the plan it runs with, how it was chosen and what the candidates measured
 */
public record ModelInfo(String name, int version, List<String> labels, ExecutionProvider provider,
                        BackboneInfo backbone, String sha256, Instant loadedAt, Precision precision,
                        UnknownThreshold unknown, PlanChoice runPlan) {
    public ModelInfo {
        labels = List.copyOf(labels);
        if (runPlan == null) {
            throw new IllegalArgumentException("a serving model needs its run plan");
        }
        if (precision == null) {
            precision = Precision.FP32;
        }
    }
}
