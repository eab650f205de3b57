package io.sightline.inference.model;

import io.sightline.inference.plan.RunPlan;

/** Lets tests in other packages make serving models of the tiny test model. */
public final class ModelSlotTestAccess {
    private ModelSlotTestAccess() {
    }

    public static ServingModel serving(int version) {
        return ModelSlotTest.serving(version);
    }

    public static ServingModel serving(int version, RunPlan plan, boolean narrow) {
        return ModelSlotTest.serving(version, plan, narrow);
    }
}
