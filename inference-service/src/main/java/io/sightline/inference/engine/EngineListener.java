package io.sightline.inference.engine;

import io.sightline.contract.ClassifyResult;

/** Sees every result and every model run of the engine (metrics, test hooks). Must be quick and not throw. */
public interface EngineListener {
    default void onResult(Source source, ClassifyResult result) {
    }

    default void onBatch(BatchReport batch) {
    }

    /** A picture the model answered, with its bytes (the review queue keeps the ones worth a person's look). */
    default void onClassified(ClassifyJob job, byte[] bytes, ClassifyResult result) {
    }
}
