package io.sightline.inference.plan;

import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.Precision;

/**
 * What decides a model's speed: its backbone (the head is a few thousand multiply-adds against billions), the
 * precision it computes in and where it runs. Models with the same key share a measurement.
 */
public record PlanKey(String backboneId, String backboneSha256, Precision precision, ExecutionProvider provider) {

    public static PlanKey of(ClassifierModel model) {
        return new PlanKey(model.backbone().id(), model.backbone().sha256(), model.precision(), model.provider());
    }
}
